// Aliyun RPC request signature v1 (SignatureMethod=HMAC-SHA1, SignatureVersion=1.0), as the "Signature mechanism"
// pages of the Aliyun API reference describe it (help.aliyun.com, RPC APIs) and @alicloud/pop-core computes it
// (aliyun/openapi-core-nodejs-sdk lib/rpc.js: `encode`, `normalize`, key `accessKeySecret + "&"`):
// Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", "GET&%2F&" + percentEncode(sorted canonical query))).
import { createHmac } from 'node:crypto';

/**
 * RFC 3986 percent-encoding as Aliyun wants it: only A–Z a–z 0–9 - _ . ~ stay literal. The documented recipe is
 * java.net.URLEncoder then `+`→`%20`, `*`→`%2A`, `%7E`→`~`; encodeURIComponent already gives %20 and a literal ~,
 * and leaves ! ' ( ) * alone, which Aliyun encodes.
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonicalized query string: parameters sorted by name, each name and value percent-encoded, joined by &. */
export function aliyunCanonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k]!)}`)
    .join('&');
}

/** `GET&%2F&` + the canonical query encoded once more (hence `%253A` for a colon in the Timestamp). */
export function aliyunStringToSign(method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string {
  return `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
}

/** The Base64 signature; the key is the secret plus "&" (the empty token secret of the original OAuth-style scheme). */
export function aliyunSignature(accessKeySecret: string, method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(aliyunStringToSign(method, params), 'utf8').digest('base64');
}
