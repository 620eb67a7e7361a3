// A loopback port for a child service in a test.
import { createServer } from 'node:net';

/** A port that was free a moment ago (the OS hands out a new one for each call). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
