// Runs the audit sealer on a timer: committed audit rows join their organisation's hash chain within `everyMs`.
import type { Db } from '../../db/database.js';
import { sealAudit } from '../../db/repos/audit.js';
import type { Logger } from '../log.js';

/**
 * Seals every `everyMs`, and again at once while a pass filled whole batches. Several instances may run it: the
 * sealer locks each organisation's head with SKIP LOCKED, so they share the work instead of waiting.
 */
export function startAuditSealer(db: Db, everyMs: number, log: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await sealAudit(db);
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
