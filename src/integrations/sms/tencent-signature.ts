// Tencent Cloud API 3.0 signature TC3-HMAC-SHA256, as the "Signature v3" page of the Tencent Cloud API docs describes
// it and tencentcloud-sdk-nodejs computes it (src/common/sign.ts, `Sign.sign3`): canonical request → string to sign
// with scope `<date>/<service>/tc3_request` → key derived by HMAC-SHA256 from "TC3" + SecretKey over date, service,
// "tc3_request" → hex signature in the Authorization header.
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product, the first label of its host: `sms` for sms.tencentcloudapi.com. */
  service: string;
  /** The Host header exactly as sent (with :port when not the default). */
  host: string;
  /** The Content-Type exactly as sent; the docs warn a charset added after signing breaks the signature. */
  contentType: string;
  /** The body exactly as sent. */
  payload: string;
  /** X-TC-Timestamp, in seconds. */
  timestamp: number;
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();

/** The UTC date of the timestamp: an UTC+8 date would make every call fail between 00:00 and 08:00 Beijing time. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** POST, "/", empty query, the two signed headers (content-type, host), their names, and the payload's hex SHA-256. */
export function tc3CanonicalRequest(r: Pick<Tc3Request, 'host' | 'contentType' | 'payload'>): string {
  const headers = `content-type:${r.contentType.trim().toLowerCase()}\nhost:${r.host.trim().toLowerCase()}\n`;
  return ['POST', '/', '', headers, 'content-type;host', sha256Hex(r.payload)].join('\n');
}

/** `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hex sha256 of the canonical request>`. */
export function tc3StringToSign(r: Tc3Request): string {
  return [TC3_ALGORITHM, String(r.timestamp), `${tc3Date(r.timestamp)}/${r.service}/tc3_request`, sha256Hex(tc3CanonicalRequest(r))].join('\n');
}

/** The hex signature. */
export function tc3Signature(r: Tc3Request): string {
  const signingKey = hmac(hmac(hmac(`TC3${r.secretKey}`, tc3Date(r.timestamp)), r.service), 'tc3_request');
  return createHmac('sha256', signingKey).update(tc3StringToSign(r), 'utf8').digest('hex');
}

/** The Authorization header value. */
export function tc3Authorization(r: Tc3Request): string {
  return `${TC3_ALGORITHM} Credential=${r.secretId}/${tc3Date(r.timestamp)}/${r.service}/tc3_request, SignedHeaders=content-type;host, Signature=${tc3Signature(r)}`;
}
