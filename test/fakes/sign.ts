// Builds inbound platform requests for tests exactly as Feishu, Slack and DingTalk send them: encrypted, signed, with the same headers.
// Written straight from the platforms' formulas, not with bots/*.verify.ts, so a test that signs here and verifies there can fail.
import { createCipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

const sha = (alg: 'sha1' | 'sha256', s: string) => createHash(alg).update(s, 'utf8').digest('hex');

/** Encrypts as Feishu does: base64(iv ‖ AES-256-CBC(key = SHA-256(encryptKey), PKCS#7(plaintext))). */
export function encryptFeishu(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export interface SignedFeishuInput {
  readonly encryptKey?: string;
  readonly verificationToken?: string;
  /** A JSON object (v2 envelope, v1 event, url_verification, legacy card callback) or an exact raw string. */
  readonly body: Record<string, unknown> | string;
  /** Seconds; default now. */
  readonly timestamp?: number | string;
  readonly nonce?: string;
  /** Encrypt the body into `{"encrypt":…}`; default: whenever an encrypt key is given. */
  readonly encrypt?: boolean;
}

export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly rawBody: string;
}

const isLegacyCard = (b: Record<string, unknown>) => b.type === undefined && b.schema === undefined && typeof b.open_message_id === 'string' && typeof b.action === 'object';

/** Puts the verification token where Feishu puts it (`header.token` in v2, flat `token` otherwise), unless the body already has one. */
function withToken(body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
  if (token === undefined || isLegacyCard(body)) return body;
  if (body.schema === '2.0') {
    const header = (body.header ?? {}) as Record<string, unknown>;
    return header.token === undefined ? { ...body, header: { ...header, token } } : body;
  }
  return body.token === undefined ? { ...body, token } : body;
}

/**
 * An inbound Feishu request. With an Encrypt Key the body is encrypted (unless `encrypt: false`) and the raw body signed with
 * `X-Lark-Signature` (SHA-256); a legacy card callback without encryption is signed with SHA-1 and the verification token.
 */
export function signedFeishuRequest(input: SignedFeishuInput): SignedRequest {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? randomUUID().replace(/-/g, '').slice(0, 16);
  const plain = typeof input.body === 'string' ? input.body : JSON.stringify(withToken(input.body, input.verificationToken));
  const legacyCard = typeof input.body !== 'string' && isLegacyCard(input.body);
  const encrypt = input.encrypt ?? (input.encryptKey !== undefined && !legacyCard);
  if (encrypt && input.encryptKey === undefined) throw new Error('signedFeishuRequest: encrypt needs an encryptKey');
  const rawBody = encrypt ? JSON.stringify({ encrypt: encryptFeishu(input.encryptKey!, plain) }) : plain;

  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const sign = (signature: string) => Object.assign(headers, { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature });
  if (legacyCard && input.verificationToken !== undefined) sign(sha('sha1', timestamp + nonce + input.verificationToken + rawBody));
  else if (input.encryptKey !== undefined) sign(sha('sha256', timestamp + nonce + input.encryptKey + rawBody));
  return { headers, rawBody };
}

/** Headers of a signed Slack request (`X-Slack-Request-Timestamp` in seconds, default now; `X-Slack-Signature` v0). */
export function signedSlackRequest(input: { signingSecret: string; rawBody: string; timestamp?: number }): Record<string, string> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const json = input.rawBody.trimStart().startsWith('{');
  return {
    'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:${input.rawBody}`).digest('hex')}`,
  };
}

/** Headers of a DingTalk HTTP-mode robot callback (`timestamp` in milliseconds, default now; `sign`). */
export function signedDingTalkHeaders(input: { appSecret: string; timestamp?: number }): Record<string, string> {
  const timestamp = input.timestamp ?? Date.now();
  return { 'content-type': 'application/json; charset=utf-8', timestamp: String(timestamp), sign: createHmac('sha256', input.appSecret).update(`${timestamp}\n${input.appSecret}`).digest('base64') };
}
