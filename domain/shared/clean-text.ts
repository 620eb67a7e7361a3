// PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates. The REST API refuses such text (400,
// `hasUnstorableText`); a chat message is cleaned instead (`cleanText`), since the person cannot be shown an error code
// and a refusal would make the platform retry the same event forever.

const NUL = /\u0000/g; // eslint-disable-line no-control-regex
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether `s` holds a NUL or an unpaired surrogate. */
export function hasUnstorableText(s: string): boolean {
  NUL.lastIndex = 0;
  LONE_SURROGATE.lastIndex = 0;
  return NUL.test(s) || LONE_SURROGATE.test(s);
}

/** `s` with NUL characters removed and unpaired surrogates replaced by U+FFFD. */
export function cleanText(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}
