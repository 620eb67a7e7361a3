// Keyword tables: words → expense category and words → means of transport, with the lookup that picks the earliest.
import type { ExpenseCategory, Transport } from '../../../domain/nlu/index.js';

export type KeywordTable<T> = ReadonlyArray<readonly [T, RegExp]>;

/** Hospitality wins over the others ("请客户吃晚饭" is hospitality, not a meal); the rest go by position in the text. */
export const CATEGORY_WORDS: KeywordTable<ExpenseCategory> = [
  [
    'hospitality',
    /招待|宴请|请客户|请客|请(?!假|示|求|问|教|帮|你|您|大家|同事|团队|部门|员工|组员|下属|全组|全部门)[\u4e00-\u9fff]{1,6}?(?:吃饭|吃|喝茶|喝酒|喝|用餐|聚餐|宵夜)|应酬|款待|陪客户|商务宴|客户(?:吃饭|餐|晚宴|午宴|宴)|(?:和|与|跟|同)客户(?:吃|用|聚|食)|\bentertain(?:ing|ment)?\b|\b(?:client|customer)s?\s+(?:dinner|lunch|meal|entertainment|drinks)\b|\b(?:dinner|lunch|meal|drinks)\s+with\s+(?:a\s+|the\s+|our\s+)?(?:clients?|customers?|partners?)\b|\bhosting\b/,
  ],
  ['lodging', /酒店|住宿|宾馆|旅馆|民宿|客栈|房费|住店|饭店|\bhotels?\b|\blodging\b|\baccommodation\b|\bairbnb\b|\bmotel\b|\bhostel\b|\broom\s+(?:charge|rate)\b/],
  [
    'transport',
    /打车|打的|滴滴|出租车|的士|计程车|网约车|专车|快车|高铁|动车|火车|机票|飞机|航班|车票|船票|地铁|公交|巴士|大巴|加油|油费|汽油|停车|过路费|高速费|通行费|路费|交通费|车费|租车|捷运|单车|共享单车|八达通|渡轮|轮渡|机场快线|快线|轻轨|客运|小巴|船票|油卡|加油卡|\btaxi\b|\bcab\b|\buber\b|\blyft\b|\bdidi\b|\bgrab\b|\btrain\b|\bflights?\b|\bairfare\b|\bplane\b|\bbus\b|\bmetro\b|\bsubway\b|\bparking\b|\bfuel\b|\bgas\b|\bpetrol\b|\btolls?\b|\bferry\b|\bcar\s+rental\b|\bmileage\b|\btube\b|\bunderground\b|\bfares?\b|\btram\b|\bshuttle\b|\btickets?\b|\boyster\b|\brickshaw\b|\btuk[\s-]?tuk\b/,
  ],
  ['meal', /午餐|午饭|中饭|中餐|晚饭|晚餐|早餐|早饭|夜宵|宵夜|便当|餐费|饭钱|饭费|吃饭|工作餐|外卖|盒饭|咖啡|奶茶|年夜饭|聚餐|食饭|饮茶|餐|饭|\blunch\b|\bdinner\b|\bbreakfast\b|\bbrunch\b|\bmeals?\b|\bfood\b|\bcoffee\b|\bsnacks?\b|\bramen\b|\bsushi\b|\bpizza\b|\bburgers?\b|\bsandwich(?:es)?\b|\bnoodles?\b|\bdim\s+sum\b|\bteas?\b|\bdrinks\b|\bbeer\b|\bcatering\b/],
  ['communication', /话费|电话费|手机费|通讯费|通信费|宽带|宽频|网费|流量费?|上网费|电话卡|手机卡|月租|充值卡|话费充值|\bphone\s+(?:bill|card|plan)\b|\bmobile\s+(?:bill|plan|data)\b|\bsim\s+card\b|\bsim\b|\btop[\s-]?up\b|\binternet\b|\bwi-?fi\b|\broaming\b|\bbroadband\b|\bdata\s+plan\b|\btelecom\b/],
  ['office', /打印纸|a4纸|纸张|墨盒|硒鼓|碳粉|文具|办公用品|快递|邮费|邮寄|打印|复印|影印|签字笔|文件夹|耗材|顺丰|办公椅|办公桌|胶带|订书机|白板|u盘|鼠标|键盘|\bphotocop(?:y|ies)\b|\bstationery\b|\boffice\s+supplies\b|\bprinter\b|\btoner\b|\bink\b|\bcourier\b|\bpostage\b|\bshipping\b|\bprinting\b|\bfedex\b|\bdhl\b/],
];

export const TRANSPORT_WORDS: KeywordTable<Transport> = [
  // 飞书 is the chat app, not a flight.
  ['flight', /飞机|航班|机票|飞往|乘机|飞(?!书)|\bflights?\b|\bfly(?:ing)?\b|\bflew\b|\bplane\b|\bairline\b|\bby\s+air\b|\bby\s*[:：-]\s*air\b|\bair\s+travel\b/],
  ['train', /高铁|动车|火车|城际|列车|铁路|\btrains?\b|\brail\b|\bhigh-speed\b/],
  ['car', /自驾|开车|驾车|租车|私家车|公车|\bcar\b|\bdriv(?:e|ing)\b|\bself-drive\b/],
  ['bus', /大巴|巴士|客车|客运|长途车|\bbus\b|\bcoach\b/],
  ['ship', /轮船|坐船|乘船|渡轮|轮渡|邮轮|船|\bferry\b|\bship\b|\bboat\b|\bcruise\b/],
];

/** The value whose keyword occurs first in `text` (ties go to the earlier table row), or undefined. */
export function earliest<T>(text: string, table: KeywordTable<T>): T | undefined {
  let best: T | undefined;
  let at = Infinity;
  for (const [value, re] of table) {
    const m = re.exec(text);
    if (m && m.index < at) {
      at = m.index;
      best = value;
    }
  }
  return best;
}

/** The expense category named in `text` (hospitality first, then the earliest word), or undefined. */
export function categoryIn(text: string): ExpenseCategory | undefined {
  const [hospitality, ...rest] = CATEGORY_WORDS;
  if (hospitality && hospitality[1].test(text)) return hospitality[0];
  const first = earliest(text, rest);
  // "在酒店的年夜饭", "dinner at the hotel": a hotel named as the place is where, not what was bought.
  if (first === 'lodging' && /(?:在|于)[\u4e00-\u9fff]{0,6}(?:酒店|宾馆|饭店)|\bat\s+(?:the\s+|our\s+)?(?:[a-z]+\s+)?hotel\b/.test(text)) {
    const other = earliest(text, rest.filter(([c]) => c !== 'lodging'));
    if (other !== undefined) return other;
  }
  return first;
}
