// An S3-compatible receipt store (AWS S3, MinIO, Cloudflare R2, Aliyun OSS in S3 mode) through aws4fetch's SigV4
// signing, which also runs on Cloudflare Workers. Path-style URLs: <endpoint>/<bucket>/<key>.
import { AwsClient } from 'aws4fetch';
import path from 'node:path';
import { checkKey, localReceiptStore, sha256, type ReceiptStore } from './receipt-store.js';
import type { Config } from '../../config.js';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function s3ReceiptStore(o: S3Options): ReceiptStore {
  const aws = new AwsClient({ accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, region: o.region, service: 's3' });
  const url = (key: string) => `${o.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(o.bucket)}/${checkKey(key).split('/').map(encodeURIComponent).join('/')}`;
  return {
    async put(key, bytes, contentType) {
      const hash = sha256(bytes);
      const res = await aws.fetch(url(key), { method: 'PUT', body: bytes, headers: { 'content-type': contentType, 'x-amz-content-sha256': hash } });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`S3 PUT answered HTTP ${res.status}`);
      return { key, size: bytes.length, sha256: hash };
    },
    async get(key) {
      const res = await aws.fetch(url(key), { method: 'GET' });
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) throw new Error(`S3 GET answered HTTP ${res.status}`);
      return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
    },
    async delete(key) {
      const res = await aws.fetch(url(key), { method: 'DELETE' });
      await res.body?.cancel();
    },
  };
}

/** The S3-compatible receipt store when RECEIPTS_S3_* are set. */
export function s3FromConfig(c: Config): ReceiptStore | undefined {
  if (!c.RECEIPTS_S3_BUCKET || !c.RECEIPTS_S3_ENDPOINT || !c.RECEIPTS_S3_ACCESS_KEY_ID || !c.RECEIPTS_S3_SECRET_ACCESS_KEY) return undefined;
  return s3ReceiptStore({ endpoint: c.RECEIPTS_S3_ENDPOINT, bucket: c.RECEIPTS_S3_BUCKET, region: c.RECEIPTS_S3_REGION, accessKeyId: c.RECEIPTS_S3_ACCESS_KEY_ID, secretAccessKey: c.RECEIPTS_S3_SECRET_ACCESS_KEY });
}

/** Where a Node instance keeps receipt files: the S3-compatible bucket when configured, else a directory beside the data. */
export function receiptStoreFromConfig(c: Config): ReceiptStore {
  return s3FromConfig(c) ?? localReceiptStore(c.RECEIPTS_DIR ?? path.join(c.DATA_DIR, 'receipts'));
}
