// Decides what the utterance asks for: a trip, an expense claim, a visitor registration, a status question, or nothing we know.
import type { Intent } from '../../../domain/nlu/index.js';

/** What the extractors found, as evidence for the intent. */
export interface Evidence {
  /** An amount that is not an estimate or budget ("预算3000元" counts for a trip, not a claim). */
  readonly spentAmount: boolean;
  readonly estimateAmount: boolean;
  /** A place after a verb of motion: 去广州, fly to Paris. */
  readonly cuedPlace: boolean;
  readonly category: boolean;
  readonly transport: boolean;
  readonly tripShape: boolean;
  readonly phone: boolean;
  readonly time: boolean;
  readonly headcount: boolean;
  /** Where the dates lie relative to today. */
  readonly past: boolean;
  readonly future: boolean;
}

/** Questions about a request already made. Checked first: "我的出差申请批了吗" mentions a trip but asks for a status. */
const STATUS: readonly RegExp[] = [
  /(?:批|审批|审核|通过|到账|打款|付款|报销|处理|办理|批准|同意|下来|退回|驳回|拒绝|付|报|办)(?:了|好)?(?:吗|嘛|么|没有?|了没有?)(?=$|[\s?？。，,!！]|呢)/,
  /(?:进度|状态|结果)(?:怎么样|如何|呢|[?？]|$)|查(?:一下|询|下|看)?.{0,12}(?:进度|状态)|(?:审批|报销|申请|单子|款).{0,6}(?:到哪|走到|卡在|怎么样了|如何了|批没批|批了没)/,
  /(?:什么时候|何时|多久).{0,8}(?:批|到账|报销|打款|通过|下来|审批|付款)/,
  /(?:还没|还没有|怎么还没有?|为什么还没有?)(?:批|通过|到账|打款|审批|处理|报销|下来|付款|审核|批准)/,
  /(?:登记|提交|安排|预约|办|弄|审)好了?(?:吗|嘛|没有?)(?=$|[\s?？。，,!！]|呢)/,
  /\bwhy\s+(?:was|is|has|did)\b.{0,40}\b(?:rejected|declined|returned|denied)\b/,
  /\b(?:status|progress)\b/,
  /^\s*(?:has|have|is|was|did|were|are)\b.{0,60}\b(?:approved|paid|reimbursed|processed|rejected|declined|signed\s+off|gone\s+through|go\s+through|went\s+through|accepted|settled)\b/,
  /\b(?:approved|paid|reimbursed|processed|rejected)\b(?:\s+yet)?\s*\?\s*$/,
  /\bany\s+(?:update|news)\b|\bwhere(?:'s|\s+is)\s+my\b|\bwhen\s+will\b.{0,40}\b(?:paid|approved|reimbursed|processed)\b/,
];

interface Cue {
  readonly intent: Exclude<Intent, 'status' | 'unknown'>;
  readonly re: RegExp;
  readonly weight: number;
}

/** Words that point to an intent, with how strongly. */
const CUES: readonly Cue[] = [
  // 出差 is also how people describe a claim ("出差打车 58元"), so it weighs less than 报销 or a spent amount.
  { intent: 'trip', re: /出差|差旅|出行|行程|出国|公干|\bbusiness\s+trip\b|\btrips?\b|\btravel(?:l?ing)?\b/, weight: 2 },
  // A trip form: "出差申请 目的地…", "Trip request / Destination: …".
  { intent: 'trip', re: /(?:出差|差旅|出行)(?:申请|审批)|目的地|出发日期|返回日期|\b(?:trip|travel)\s+(?:request|application)\b|\bdestination\s*:/, weight: 2 },
  { intent: 'trip', re: /出发|启程|回来|返回|返程|\bback\b|\breturn(?:ing)?\b|\bdepart(?:ing)?\b|\bleav(?:e|ing)\b/, weight: 1 },
  { intent: 'expense', re: /报销|报账|报个?销|发票|收据|小票|\breimburs|\bexpens(?:e|ed|ing)\b|\bclaim\b|\breceipts?\b|\binvoice\b/, weight: 3 },
  // Not a plan: "预计花费5000元" is a trip's estimate.
  { intent: 'expense', re: /花了|(?<!预计|预估|预算|估计|大概|计划)花费|消费|付了|买了?|支付|\bspent\b|\bpaid\b|\bbought\b|\bcost\s+me\b/, weight: 2 },
  { intent: 'expense', re: /费|补贴|补助|\bfees?\b|\ballowance\b/, weight: 1 },
  // "去杭州出差的酒店 860元": what a trip cost, told after it.
  { intent: 'expense', re: /出差(?:期间|时|途中)?的(?:酒店|住宿|房费|机票|车票|火车票|高铁票|打车|餐|饭|交通|费用|开销|花费)|\b(?:hotel|taxi|meals?|flight|train)\s+(?:for|on|during)\s+(?:the|my|our)\s+(?:\w+\s+)?trip\b/, weight: 3 },
  {
    intent: 'visit',
    re: /来访|到访|访客(?!户)|来宾|来客|来公司|来我司|来我们(?:公司|这)|来(?:参观|拜访|面试|洽谈|开会|谈|送货|签约|交流|考察|培训|维修|安装|审计|验收)|拜访我司|拜访我们|\bvisitors?\b|\bguests?\b|\bvisit(?:ing)?\s+(?:us|our\s+(?:office|company|hq|headquarters))\b|\bcoming\s+(?:in|over|to\s+(?:our|the)\s+office)\b|\b(?:is|are|will\s+be)\s+(?:coming|visiting|dropping\s+by)\b|\bvisits\s+(?:us\s+)?(?:every|each|daily|weekly)\b|\bwill\s+come\b|\bfront\s+desk\b|\breception\b/,
    weight: 3,
  },
  { intent: 'visit', re: /候选人|面试者|应聘者|\bcandidate\b|\binterviewee\b/, weight: 3 },
  // "X from ABC Tech visiting tomorrow", "visiting next Monday": someone comes to us (a trip names where one goes).
  { intent: 'visit', re: /\bfrom\s+[a-z0-9&.' -]{2,40}?\s+(?:is\s+|are\s+)?(?:visiting|coming)\b|\bvisiting\s+(?:us\b|today\b|tomorrow\b|tonight\b|next\b|this\b|on\b|at\b|\d)/, weight: 3 },
  { intent: 'visit', re: /登记|接待|会见|来访人|面试|\bregister\b|\bexpecting\b|\binterview\b/, weight: 1 },
];

/** The kind of request an open conversation is about: a bare answer ("周四", "36元") belongs to it. */
export type IntentHint = 'trip' | 'expense' | 'visit';

/** How much the open conversation counts: enough to claim a bare amount or date, not to outweigh a new request. */
const HINT_WEIGHT = 2;

/**
 * The least score that makes a request. A trip needs more than one weak sign: a transport word alone ("蓝色的大象会飞吗",
 * "坐高铁") or a lone "back" is talk, not a trip; with a date, a place or a trip word beside it, it is one.
 */
const MIN_SCORE: Readonly<Record<IntentHint, number>> = { trip: 1.5, expense: 1, visit: 1 };

/**
 * The intent of the normalised text `norm` given the extracted `evidence`. With a `hint`, that intent wins ties and
 * replaces 'unknown'; a status question or a clearly different request still wins.
 */
export function detectIntent(norm: string, e: Evidence, hint?: IntentHint): Intent {
  if (STATUS.some((re) => re.test(norm))) return 'status';
  const score = { trip: 0, expense: 0, visit: 0 };
  for (const cue of CUES) if (cue.re.test(norm)) score[cue.intent] += cue.weight;
  if (e.cuedPlace) score.trip += 2;
  if (e.transport) score.trip += 1;
  if (e.tripShape) score.trip += 1;
  if (e.estimateAmount) score.trip += 1;
  if (e.spentAmount) score.expense += 2;
  if (e.category) score.expense += 1;
  // Supporting evidence only: a phone, a time or a head count alone is not a request.
  const supported = (k: keyof typeof score) => score[k] > 0;
  if (supported('visit')) score.visit += (e.phone ? 1 : 0) + (e.time ? 1 : 0) + (e.headcount ? 0.5 : 0);
  if (e.past) score.expense += 0.5;
  if (e.future) {
    score.trip += 0.5;
    score.visit += 0.5;
  }
  if (hint) score[hint] += HINT_WEIGHT;
  // Ties: the open conversation first; then money already spent makes it a claim; otherwise a trip before a visit.
  const base: readonly IntentHint[] = e.spentAmount ? ['expense', 'trip', 'visit'] : ['trip', 'expense', 'visit'];
  const order = hint ? [hint, ...base.filter((k) => k !== hint)] : base;
  const ranked = order.filter((k) => score[k] >= MIN_SCORE[k]).sort((a, b) => score[b] - score[a]);
  return ranked[0] ?? 'unknown';
}
