// Signatures that cover only a timestamp (DingTalk's HTTP-mode `sign`): each (source, timestamp) pair is accepted for
// one body. A redelivery of the same body passes (and is deduplicated later by its message id); another body is a
// replay. Recorded with the processed-events table, in one command.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { claimInbound, saveInboundResponse } from '../../db/repos/processed.js';
import { ok } from '../../domain/shared/index.js';
import { command } from '../usecases/unit-of-work.js';

/** Whether `raw` may use the signature identified by `source` and `key`: its first use, or the same body again. */
export async function firstUseOfSignature(db: Db, source: string, key: string, raw: string): Promise<boolean> {
  const hash = createHash('sha256').update(raw).digest('hex');
  const r = await command(db, async (tx) => {
    const claim = await claimInbound(tx, source, key, null);
    if (claim.first) {
      await saveInboundResponse(tx, source, key, { bodySha256: hash });
      return ok(true);
    }
    return ok((claim.response as { bodySha256?: string } | null)?.bodySha256 === hash);
  });
  return r.ok && r.value;
}
