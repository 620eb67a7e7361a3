// Micro-benchmark of the rule-based request parser: utterances per second on one core over a varied corpus.
//   npx tsx bench/nlu.bench.ts [seconds]     (default 2 s; target ≥ 5,000 utterances/s)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseRules } from '../src/nlu/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Sentences of every kind, beside the shared examples, so no single grammar dominates the figure. */
const EXTRA = [
  '下下周一去重庆出差，周四回来，高铁',
  '後天從台中飛東京，住三晚',
  '我和王强、李娜三个人去深圳出差，明天出发，后天回，预算5000元',
  'Flight to Seoul on Dec 14, returning Dec 18, 2 people, budget USD 2,500',
  'business trip to Frankfurt next Monday for 3 days',
  '申请出差：杭州，12/1-12/3，动车，预算1500元',
  'Taking the bus to Tianjin tomorrow, back Friday',
  '报销昨天滴滴 45.8元',
  '請客戶吃飯 1,580元 上週三',
  'Airbnb in Kyoto JPY 32,000 Nov 10',
  '团队晚餐 3千2 上周五',
  '打车 三十五块五',
  'Coffee 1.234,50 EUR',
  '下周二下午3点，百度的赵敏来公司洽谈，共2人',
  '登記訪客：陳志明，台積電，0912345678，下週一上午10點',
  'Visitor: Maria Garcia from Telefonica, Dec 2 at 10:30, 2 people',
  '客户王经理下午两点到访，电话 +86 139 1234 5678',
  '出差申请批下来没有',
  'When will my reimbursement be paid?',
  '帮我写一首诗',
];

const textsOf = (file: string): string[] => {
  try {
    return readFileSync(path.join(here, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text);
  } catch {
    return []; // optional: the built-in sentences are enough to measure
  }
};

/** The shared examples, the scored test set (holidays, lunar dates, money words, forms…) and the sentences above. */
function corpus(): string[] {
  return [...textsOf('../test/fixtures/nlu-examples.jsonl'), ...textsOf('../test/nlu/corpus/dev.jsonl'), ...EXTRA];
}

/** Parses the corpus round-robin for about `seconds` (default 2) after a short warm-up, on this thread only. */
export async function runParserBench(opts: { seconds?: number } = {}): Promise<{ utterancesPerSec: number; utterances: number }> {
  const texts = corpus();
  const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };
  const budgetMs = (opts.seconds ?? 2) * 1000;
  for (let i = 0; i < texts.length * 20; i++) parseRules(texts[i % texts.length] as string, ctx);
  let utterances = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    // Check the clock once per pass over the corpus, not per utterance.
    for (const t of texts) sink += parseRules(t, ctx).intent.length;
    utterances += texts.length;
    elapsed = performance.now() - start;
    await Promise.resolve();
  }
  if (sink === 0) throw new Error('parser produced nothing');
  return { utterancesPerSec: Math.round((utterances * 1000) / elapsed), utterances };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const result = await runParserBench(seconds === undefined || !Number.isFinite(seconds) ? {} : { seconds });
  console.log(JSON.stringify(result));
}
