// GETs a file from a URL a platform handed us (DingTalk's downloadUrl, Slack's url_private_download): the URL guard
// first (https, no credentials, no internal address; allow-listed hosts excepted for local fakes), the address checked
// again when the socket connects, no redirect followed, and the body read only up to the cap.
import { FileRefused, FileTooLarge, checkDeclaredLength, readCapped, type GuardedGet } from '../../../bots/chat/files.js';
import { guardedLookup, refusalReason, RefusedAddress } from './outbound-post.js';
import { checkUrlShape, type OutboundPolicy } from './url-guard.js';

/** A GuardedGet under `policy`; a refused URL or address is FileRefused (retrying cannot help), a 5xx an Error (retried). */
export function guardedGet(policy: OutboundPolicy, timeoutMs = 30_000): GuardedGet {
  return async (raw, o) => {
    const shape = checkUrlShape(raw, policy);
    if (!shape.ok) throw new FileRefused(refusalReason(shape.error));
    const { url, allowListed } = shape.value;
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const signal = AbortSignal.timeout(timeoutMs);
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method: 'GET', signal, lookup: guardedLookup(policy, !allowListed), headers: { ...(o.headers ?? {}), accept: '*/*' }, agent: false }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.resume();
          // Gone or not ours (4xx) will not change on a retry; a 5xx or 429 may.
          return reject(status >= 400 && status < 500 && status !== 429 ? new FileRefused(`the file answered HTTP ${status}`) : new Error(`the file answered HTTP ${Math.floor(status / 100)}xx`));
        }
        try {
          checkDeclaredLength(res.headers['content-length'], o.maxBytes);
        } catch (e) {
          res.destroy();
          return reject(e as FileTooLarge);
        }
        const contentType = res.headers['content-type'];
        readCapped(res, o.maxBytes, () => res.destroy()).then((bytes) => resolve({ bytes, ...(contentType ? { contentType } : {}) }), reject);
      });
      req.on('error', (e) => reject(e instanceof RefusedAddress ? new FileRefused(refusalReason(e.refusal)) : e));
      req.end();
    });
  };
}
