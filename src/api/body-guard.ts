// Requests mean what they say: a JSON body is read once here, before any route, and refused when it nests deeper than
// JSON_MAX_DEPTH, carries text no database column can hold (NUL, a lone UTF-16 surrogate), or names an amount above
// the currency's ceiling (MAX_AMOUNT_MINOR). Query strings get the same text check. Routes then read the parsed body
// from Hono's cache, so it is parsed once.
import type { MiddlewareHandler } from 'hono';
import { aboveCeiling, ceilingMinor, type AmountCeilings } from '../../domain/money/index.js';
import { hasUnstorableText } from '../../domain/shared/index.js';
import type { AppEnv } from './context.js';
import { errorResponse } from './errors.js';


/** The deepest nesting of arrays and objects in JSON text, counted without parsing (strings are skipped). */
export function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > stopAt) return max;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}

type Finding = { code: 'REQUEST.INVALID_TEXT' | 'MONEY.TOO_LARGE'; message: string; field: string };

/** The first string with forbidden text, or money above its ceiling, in a parsed body. */
export function inspectJson(value: unknown, ceilings: AmountCeilings, path = ''): Finding | undefined {
  if (typeof value === 'string') return hasUnstorableText(value) ? { code: 'REQUEST.INVALID_TEXT', field: path || '(body)', message: `${path || '(body)'}: text must not contain NUL characters or unpaired UTF-16 surrogates` } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = inspectJson(value[i], ceilings, `${path}[${i}]`);
      if (f) return f;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.minor === 'number' && typeof o.currency === 'string' && aboveCeiling({ minor: o.minor, currency: o.currency }, ceilings))
      return { code: 'MONEY.TOO_LARGE', field: path || '(body)', message: `${path || '(body)'}: ${o.minor} is above the largest amount accepted in ${o.currency} (${ceilingMinor(o.currency, ceilings)} minor units)` };
    for (const [k, v] of Object.entries(o)) {
      const here = path ? `${path}.${k}` : k;
      if (hasUnstorableText(k)) return { code: 'REQUEST.INVALID_TEXT', field: here, message: `${here}: field names must not contain NUL characters or unpaired surrogates` };
      const f = inspectJson(v, ceilings, here);
      if (f) return f;
    }
  }
  return undefined;
}

export function bodyGuard(opts: { maxDepth: number; ceilings?: AmountCeilings }): MiddlewareHandler<AppEnv> {
  const ceilings = opts.ceilings ?? {};
  return async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if ([name, ...values].some((v) => hasUnstorableText(v))) return errorResponse(c, { code: 'REQUEST.INVALID_TEXT', message: `${name}: query text must not contain NUL characters or unpaired surrogates`, details: { field: name } });
    }
    if (!['POST', 'PUT', 'PATCH'].includes(c.req.method) || !/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) return next();
    const text = await c.req.text();
    if (jsonDepth(text, opts.maxDepth) > opts.maxDepth) return errorResponse(c, { code: 'REQUEST.TOO_DEEP', message: `the JSON body nests deeper than ${opts.maxDepth} levels` });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return errorResponse(c, { code: 'REQUEST.MALFORMED_JSON', message: 'the request body is not valid JSON' });
    }
    const found = inspectJson(parsed, ceilings);
    if (found) return errorResponse(c, { code: found.code, message: found.message, details: { field: found.field } });
    // Hono reads `json` from this cache, so the route does not parse the text again.
    c.req.bodyCache.json = Promise.resolve(parsed);
    return next();
  };
}
