// Forms typed or pasted into chat: "目的地西安 出发日期2026年12月1日 返回日期…", "Destination: Xi'an; Depart: Dec 1".
// A value right after a field's label takes its role from the label, whatever order the fields come in.

export type FieldLabel = 'origin' | 'destination' | 'depart' | 'return' | 'transport' | 'amount' | 'estimate' | 'date' | 'category' | 'purpose';

/** Chinese labels: the value may follow at once (目的地西安) or after a colon. */
const CN: readonly (readonly [FieldLabel, string])[] = [
  ['origin', '出发地点|出发城市|出发地|始发地|始发城市|起点|出发站'],
  ['destination', '目的地点|目的城市|目的地|出差地点|出差城市|出差地|前往城市|到达城市|到达地|终点|地点|城市'],
  ['depart', '出发日期|出发时间|启程日期|启程时间|去程日期|去程时间|出行日期|开始日期|开始时间|起始日期|出差日期|出发'],
  ['return', '返回日期|返回时间|返程日期|返程时间|回程日期|回程时间|结束日期|结束时间|截止日期|返回|返程|回程'],
  ['transport', '交通方式|交通工具|出行方式|出行工具'],
  ['estimate', '预计花费|预计费用|预计金额|预估费用|预估金额|费用预算|预算金额|预算|预计'],
  ['amount', '报销金额|消费金额|发票金额|金额|总额|合计|费用'],
  ['date', '消费日期|发生日期|发票日期|报销日期|日期|时间'],
  ['category', '报销类型|费用类型|费用类别|报销类别|类型|类别'],
  ['purpose', '出差事由|出差目的|事由|目的|原因'],
];
/** English labels, only with a colon or an equals sign ("To: Tokyo"; "fly to Tokyo" is not a form). */
const EN: readonly (readonly [FieldLabel, string])[] = [
  ['origin', 'origin|from|departure city|departing from|leaving from|start city'],
  ['destination', 'destination|dest|to|city|going to|arrival city|location|where'],
  ['depart', 'depart(?:ure)?(?: date)?|departing|leave|leaving|outbound(?: date)?|start(?: date)?|from date|date out|out'],
  ['return', 'return(?: date)?|returning|back|inbound(?: date)?|end(?: date)?|to date|date back'],
  ['transport', 'transport(?:ation)?(?: mode)?|mode(?: of transport)?|travel(?:l)?ing by|by|via'],
  ['estimate', 'estimated? (?:cost|amount|budget|spend)|estimate|budget|expected cost'],
  ['amount', 'amount|total|sum|cost|price'],
  ['date', '(?:expense |receipt |invoice )?date|when|day'],
  ['category', '(?:expense )?(?:type|category|kind)'],
  ['purpose', 'purpose|reason|why'],
];

const SEP = '(?:^|[\\s，,;；。、|/:：])';
const CN_RE = new RegExp(`${SEP}(?:${CN.map(([, a]) => `(${a})`).join('|')})\\s*(?:[:：=]\\s*)?$`);
const EN_RE = new RegExp(`${SEP}(?:${EN.map(([, a]) => `(${a})`).join('|')})\\s*[:：=]\\s*$`);

/** The label written right before `start` in the normalised text, if any. */
export function labelBefore(norm: string, start: number): FieldLabel | undefined {
  const before = norm.slice(Math.max(0, start - 24), start);
  const cn = CN_RE.exec(before);
  if (cn) return CN[cn.slice(1).findIndex((g) => g !== undefined)]?.[0];
  const en = EN_RE.exec(before);
  if (en) return EN[en.slice(1).findIndex((g) => g !== undefined)]?.[0];
  return undefined;
}

/** True when the text looks like a form: at least two labelled fields. */
export function looksLikeForm(norm: string): boolean {
  return (norm.match(/[:：]/g)?.length ?? 0) >= 2 || /(?:目的地|出发日期|返回日期|交通方式|报销类型|报销金额)/.test(norm);
}
