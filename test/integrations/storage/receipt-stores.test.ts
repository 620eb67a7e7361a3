// Receipt stores: the local directory (atomic writes, no escaping the directory) and the S3-compatible bucket (SigV4
// checked by a fake that recomputes every signature).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localReceiptStore } from '../../../src/integrations/storage/receipt-store.js';
import { s3ReceiptStore } from '../../../src/integrations/storage/s3-store.js';
import { startFakeS3, type FakeS3 } from '../../fakes/s3-server.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('local receipt store', () => {
  const store = localReceiptStore(mkdtempSync(path.join(tmpdir(), 'rcpt-')));
  it('round-trips a file with its type and hash', async () => {
    const put = await store.put('demo/exl_1/rcp_1', png, 'image/png');
    expect(put).toMatchObject({ key: 'demo/exl_1/rcp_1', size: png.length });
    expect(put.sha256).toMatch(/^[0-9a-f]{64}$/);
    const got = await store.get('demo/exl_1/rcp_1');
    expect(got?.contentType).toBe('image/png');
    expect(Buffer.from(got!.bytes).equals(Buffer.from(png))).toBe(true);
    expect(await store.get('demo/exl_1/missing')).toBeUndefined();
    await store.delete!('demo/exl_1/rcp_1');
    expect(await store.get('demo/exl_1/rcp_1')).toBeUndefined();
  });
  it('refuses keys that could leave its directory', async () => {
    for (const key of ['../etc/passwd', 'demo/../../x', '/abs', 'a//b', 'a\\b']) await expect(store.put(key, png, 'image/png')).rejects.toThrow(/unsafe storage key/);
  });
});

describe('S3-compatible receipt store', () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key', region: 'cn-north-1' });
  });
  afterAll(() => s3.close());

  it('puts and gets an object with a valid SigV4 signature', async () => {
    const store = s3ReceiptStore({ endpoint: s3.url, bucket: 'receipts', region: 'cn-north-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key' });
    const refusedBefore = s3.refused; // the wrong-secret test may have run first on the same bucket
    await store.put('demo/exl_2/rcp_9', png, 'image/png');
    expect(s3.objects.has('/receipts/demo/exl_2/rcp_9')).toBe(true);
    const got = await store.get('demo/exl_2/rcp_9');
    expect(got?.contentType).toBe('image/png');
    expect(Buffer.from(got!.bytes).equals(Buffer.from(png))).toBe(true);
    expect(await store.get('demo/exl_2/none')).toBeUndefined();
    expect(s3.refused).toBe(refusedBefore);
  });

  it('fails loudly with the wrong secret (the bucket refuses the signature)', async () => {
    const store = s3ReceiptStore({ endpoint: s3.url, bucket: 'receipts', region: 'cn-north-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong' });
    await expect(store.put('demo/x/y', png, 'image/png')).rejects.toThrow(/HTTP 403/);
    expect(s3.refused).toBeGreaterThan(0);
  });
});
