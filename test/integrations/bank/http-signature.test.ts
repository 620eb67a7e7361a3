// The bank request signature: a fixed vector (computed independently with openssl) and the pure check the fake bank
// runs, with a fixed clock.
import { describe, expect, it } from 'vitest';
import { canonicalBankRequest, checkBankRequest, signBankRequest } from '../../../src/integrations/bank/http-signature.js';

const request = { keyId: 'k1', secret: 's3cret', method: 'post', path: '/v1/payment-files', timestamp: 1796608800, nonce: 'abc123', body: '{"msgId":"M1"}' };
const NOW_MS = 1796608800 * 1000;

describe('signBankRequest', () => {
  it('signs METHOD, PATH, TIMESTAMP, NONCE and the body hash with HMAC-SHA256 in base64', () => {
    expect(canonicalBankRequest(request)).toBe('POST\n/v1/payment-files\n1796608800\nabc123\nc513629d98f595b9d5ccd8f5c7b1db554ec98285867d25d29435767469324d45');
    // printf '…' | openssl dgst -sha256 -hmac s3cret -binary | base64
    expect(signBankRequest(request)).toEqual({
      'x-bank-key-id': 'k1',
      'x-bank-timestamp': '1796608800',
      'x-bank-nonce': 'abc123',
      'x-bank-signature': 'UVUh5RsQxRi54/6Eq38EaDqo9MbzGXuJN1MPTbI1ndM=',
    });
  });
});

describe('checkBankRequest', () => {
  const check = (headers: Record<string, string>, o: { nowMs?: number; seen?: boolean; body?: string } = {}) =>
    checkBankRequest(headers, { method: 'POST', path: request.path, body: o.body ?? request.body }, { secretOf: (id) => (id === 'k1' ? 's3cret' : undefined), nowMs: o.nowMs ?? NOW_MS, nonceSeen: () => o.seen ?? false });

  it('passes a request signed with the right secret', () => {
    expect(check(signBankRequest(request))).toBeNull();
  });

  it('refuses a changed body, an unknown key and missing headers', () => {
    expect(check(signBankRequest(request), { body: '{"msgId":"M2"}' })).toBe('BAD_SIGNATURE');
    expect(check(signBankRequest({ ...request, keyId: 'k2' }))).toBe('UNKNOWN_KEY');
    expect(check({ 'x-bank-key-id': 'k1' })).toBe('MISSING_HEADERS');
  });

  it('refuses timestamps beyond five minutes either way, at the boundary still passes', () => {
    expect(check(signBankRequest(request), { nowMs: NOW_MS + 300_000 })).toBeNull();
    expect(check(signBankRequest(request), { nowMs: NOW_MS + 301_000 })).toBe('STALE_TIMESTAMP');
    expect(check(signBankRequest(request), { nowMs: NOW_MS - 301_000 })).toBe('STALE_TIMESTAMP');
  });

  it('refuses a nonce already seen, but only once the signature holds', () => {
    expect(check(signBankRequest(request), { seen: true })).toBe('NONCE_REUSED');
    expect(check(signBankRequest({ ...request, secret: 'forged' }), { seen: true })).toBe('BAD_SIGNATURE');
  });
});
