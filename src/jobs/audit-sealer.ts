// Runs the audit sealer on a timer: committed audit rows join their organisation's hash chain (see startAuditSealer for when).
import type { Db } from '../../db/database.js';
import { sealAudit } from '../../db/repos/audit.js';
import type { Logger } from '../log.js';

/** Every this many passes one is a full pass (see sealAudit); the others look only above each chain's last sealed id. */
export const FULL_PASS_EVERY = 10;

/**
 * Seals every `everyMs`. Several instances may run it: the sealer locks each organisation's head with SKIP LOCKED, so
 * they share the work instead of waiting. Rows above a chain's last sealed id are sealed within `everyMs`; a row that
 * committed after a higher id was sealed, and a new organisation's first rows, by the next full pass (the first pass
 * is one, then every FULL_PASS_EVERY-th), so within FULL_PASS_EVERY × `everyMs`.
 */
export function startAuditSealer(db: Db, everyMs: number, log: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  let pass = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        await sealAudit(db, { aboveLastSealed: pass++ % FULL_PASS_EVERY !== 0 });
      } catch (e) {
        if (!stopped) log.error('audit sealing failed', { error: e });
      }
      if (!stopped) await new Promise<void>((res) => { wake = res; setTimeout(res, everyMs).unref?.(); });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
