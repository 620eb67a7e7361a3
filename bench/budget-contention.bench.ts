// Budget contention: 200 concurrent freezes against one budget that has room for exactly 100 of them, through the API.
// Exactly 100 must succeed, the rest must answer 409 BUDGET.EXCEEDED, and the ledger must sum exactly.
import { ApiClient } from './lib/http.js';
import { startService, type ServiceOptions } from './lib/service.js';
import { median } from './lib/stats.js';

export interface ContentionOptions {
  rounds: number;
  /** Concurrent freezes per round. */
  concurrency: number;
  /** How many of them the budget has room for. */
  fits: number;
  /** Size of one freeze (CNY minor units). */
  freezeMinor: number;
  apiKey: string;
  service: Omit<ServiceOptions, 'label'>;
  log(msg: string): void;
}

export interface ContentionRound {
  round: number;
  budgetId: string;
  wallMs: number;
  decisionsPerSec: number;
  accepted: number;
  refused: number;
  /** Answers other than 200 or 409 BUDGET.EXCEEDED. */
  unexpected: { status: number; body: string }[];
  available: number | null;
  frozen: number | null;
  balanced: boolean | null;
  ledgerFreezes: number | null;
  ledgerEntries: number | null;
  correct: boolean;
  problems: string[];
}

export interface ContentionResult {
  rounds: ContentionRound[];
  concurrency: number;
  fits: number;
  medianWallMs: number;
  medianDecisionsPerSec: number;
  correct: boolean;
}

interface BudgetView {
  id: string;
  available: { minor: number };
  frozen: { minor: number };
  ledger: { kind: string; amountMinor: number }[];
  balanced: boolean;
}

export async function runBudgetContention(o: ContentionOptions): Promise<ContentionResult> {
  const service = await startService({ ...o.service, label: 'contention' });
  const api = new ApiClient(service.url, o.apiKey, o.concurrency);
  const rounds: ContentionRound[] = [];
  try {
    // One untimed warm-up round on its own budget, so the first timed round does not pay for JIT and new connections.
    for (let r = 0; r <= o.rounds; r++) {
      const warm = r === 0;
      const created = await api.post<{ id: string }>('/api/v1/budgets', {
        departmentId: 'd_sales',
        category: warm ? 'contention-warmup' : `contention-${r}`,
        periodKey: '2026-11',
        amount: { minor: o.fits * o.freezeMinor, currency: 'CNY' },
        allowOverrun: false,
      });
      if (created.status !== 200) throw new Error(`creating the budget failed: HTTP ${created.status} ${JSON.stringify(created.body)}`);
      const budgetId = created.body.id;
      // Open every connection before the clock starts.
      await Promise.all(Array.from({ length: o.concurrency }, () => api.send('GET', '/health')));

      const bodies = Array.from({ length: o.concurrency }, (_, i) =>
        Buffer.from(JSON.stringify({ kind: 'freeze', amountMinor: o.freezeMinor, ref: { type: 'bench', id: `r${r}-${i}` } })),
      );
      const t0 = performance.now();
      const replies = await Promise.all(
        bodies.map((b) =>
          api.raw('POST', `/api/v1/budgets/${budgetId}/entries`, b).catch((e: Error) => ({ status: 0, text: `network error: ${e.message}` })),
        ),
      );
      const wallMs = performance.now() - t0;

      let accepted = 0;
      let refused = 0;
      const unexpected: { status: number; body: string }[] = [];
      for (const rep of replies) {
        if (rep.status === 200) accepted++;
        else if (rep.status === 409 && codeOf(rep.text) === 'BUDGET.EXCEEDED') refused++;
        else unexpected.push({ status: rep.status, body: rep.text.slice(0, 300) });
      }
      const got = await api.get<BudgetView>(`/api/v1/budgets/${budgetId}`);
      const b = got.status === 200 ? got.body : undefined;
      const ledgerFreezes = b ? b.ledger.filter((e) => e.kind === 'freeze').length : null;
      const problems: string[] = [];
      if (accepted !== o.fits) problems.push(`${accepted} freezes accepted, expected ${o.fits}`);
      if (refused !== o.concurrency - o.fits) problems.push(`${refused} refused with BUDGET.EXCEEDED, expected ${o.concurrency - o.fits}`);
      if (unexpected.length) problems.push(`${unexpected.length} unexpected answers (first: HTTP ${unexpected[0]!.status} ${unexpected[0]!.body})`);
      if (!b) problems.push(`GET budget answered HTTP ${got.status}`);
      else {
        if (b.available.minor !== 0) problems.push(`available is ${b.available.minor}, expected 0`);
        if (b.frozen.minor !== o.fits * o.freezeMinor) problems.push(`frozen is ${b.frozen.minor}, expected ${o.fits * o.freezeMinor}`);
        if (!b.balanced) problems.push('the ledger does not balance');
        if (ledgerFreezes !== o.fits) problems.push(`the ledger has ${ledgerFreezes} freezes, expected ${o.fits}`);
        if (b.ledger.length !== o.fits) problems.push(`the ledger has ${b.ledger.length} entries, expected ${o.fits}`);
      }
      const round: ContentionRound = {
        round: r,
        budgetId,
        wallMs,
        decisionsPerSec: (accepted + refused) / (wallMs / 1000),
        accepted,
        refused,
        unexpected: unexpected.slice(0, 5),
        available: b?.available.minor ?? null,
        frozen: b?.frozen.minor ?? null,
        balanced: b?.balanced ?? null,
        ledgerFreezes,
        ledgerEntries: b?.ledger.length ?? null,
        correct: problems.length === 0,
        problems,
      };
      o.log(
        `  ${warm ? 'warm-up' : `round ${r}`}: ${accepted} accepted, ${refused} refused, ${unexpected.length} other; ${wallMs.toFixed(1)} ms, ${round.decisionsPerSec.toFixed(0)} decisions/s${problems.length ? ` — FAILED: ${problems.join('; ')}` : ''}`,
      );
      // The warm-up round is checked too: a wrong answer is wrong whether or not it is timed.
      if (warm && !round.correct) rounds.push(round);
      if (!warm) rounds.push(round);
    }
  } finally {
    api.close();
    await service.stop();
  }
  const timed = rounds.filter((r) => r.round > 0);
  return {
    rounds,
    concurrency: o.concurrency,
    fits: o.fits,
    medianWallMs: median(timed.map((r) => r.wallMs)),
    medianDecisionsPerSec: median(timed.map((r) => r.decisionsPerSec)),
    correct: rounds.every((r) => r.correct),
  };
}

function codeOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
