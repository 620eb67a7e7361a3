// A loopback S3-compatible object store for tests: path-style PUT/GET/DELETE of /<bucket>/<key>, every request's SigV4
// Authorization recomputed with the known secret (aws4fetch's own signer, over the headers the request signed), 403 on
// a mismatch, 404 for a missing object. Objects live in memory.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsV4Signer } from 'aws4fetch';

export interface FakeS3 {
  readonly url: string;
  readonly objects: Map<string, { bytes: Buffer; contentType: string }>;
  readonly refused: number;
  close(): Promise<void>;
}

export async function startFakeS3(o: { accessKeyId: string; secretAccessKey: string; region: string }): Promise<FakeS3> {
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const auth = String(req.headers.authorization ?? '');
        const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/[^,]+, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
        const signed = m ? m[2]!.split(';') : [];
        const headers = Object.fromEntries(signed.filter((h) => h !== 'host').map((h) => [h, String(req.headers[h] ?? '')]));
        const url = `http://${req.headers.host}${req.url}`;
        const expected = m
          ? (await new AwsV4Signer({ method: req.method!, url, headers, body: body.length ? body : undefined, accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, service: 's3', region: o.region, datetime: String(req.headers['x-amz-date'] ?? '') }).authHeader())
          : '';
        if (!m || m[1] !== o.accessKeyId || expected !== auth) {
          refused++;
          res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
          return;
        }
        const key = decodeURIComponent(new URL(url).pathname);
        if (req.method === 'PUT') {
          objects.set(key, { bytes: body, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
          res.writeHead(200).end();
        } else if (req.method === 'GET') {
          const obj = objects.get(key);
          if (!obj) res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
          else res.writeHead(200, { 'content-type': obj.contentType }).end(obj.bytes);
        } else if (req.method === 'DELETE') {
          objects.delete(key);
          res.writeHead(204).end();
        } else res.writeHead(405).end();
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
