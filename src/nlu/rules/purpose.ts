// Finds why someone travels or visits: 参加培训, 见客户, 谈合作, for a conference, to meet clients.
import { MASK, rawSpan, type Doc } from './normalize.js';

const CN_VERBS =
  '参加|参会|出席|开会|见|拜访|洽谈|商谈|会谈|谈判|谈|培训|考察|调研|面试|支持|签约|签合同|验收|审计|参观|交流|走访|巡店|安装|调试|维修|送货|路演|演讲|述职|汇报|评审|招聘|部署|实施|对接|沟通|开展|处理|学习|展会|会议|年会';
const CN_PURPOSE = new RegExp(`(?:${CN_VERBS})[^，,。;；!！?？\\s${MASK}]{0,12}`, 'g');
/** Where a Chinese purpose stops: the next travel detail. */
const CN_STOP = /(?:坐|乘|搭|预算|出差|出发|回来|返回|飞|高铁|动车|火车|开车|自驾|住|待|一行|当天|往返|大概|预计|约)/;
const EN_PURPOSE = /\b(?:for\s+(?:an?\s+|the\s+)?|to\s+)((?:attend|meet|see|visit|discuss|present|sign|support|review|inspect|train|interview|audit|install|negotiate)\b[a-z0-9 '&-]{0,40}?|(?:conference|meeting|training|workshop|summit|expo|exhibition|trade show|interview|audit|negotiation|kick-?off|offsite|site visit|client meeting)[a-z0-9 '&-]{0,30}?)(?=\s*(?:[,.;!?]|$|\b(?:on|from|next|this|tomorrow|today|by|via|flying|train|and|with|at|in|back|returning|\d)\b))/g;

/** The first purpose phrase, as written, or undefined. */
export function findPurpose(doc: Doc, opts: { exclude?: RegExp } = {}): string | undefined {
  CN_PURPOSE.lastIndex = 0;
  for (const m of doc.work.matchAll(CN_PURPOSE)) {
    let text = m[0];
    const stop = CN_STOP.exec(text.slice(1));
    if (stop) text = text.slice(0, stop.index + 1);
    if (opts.exclude?.test(text)) continue;
    if (text.length >= 2) return rawSpan(doc, m.index, m.index + text.length);
  }
  for (const m of doc.work.matchAll(EN_PURPOSE)) {
    const group = m[1] as string;
    const start = m.index + m[0].length - group.length;
    const text = rawSpan(doc, start, start + group.length);
    if (text.length >= 3 && !opts.exclude?.test(text)) return text;
  }
  return undefined;
}
