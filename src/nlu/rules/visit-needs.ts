// What a visit needs, read from the words of the request: resources to book (会议室, a projector, a car, lunch, a
// hotel), the reception types they cost under (a meal, lodging, transport, alcohol, gifts) and the visitors' level.
// One word table for both: "午餐" books a meal and is estimated as a meal; "接送" books a car and costs transport.
import type { ReceptionType, VisitResource, VisitorLevel } from '../../../domain/reception/index.js';

interface Need {
  readonly re: RegExp;
  readonly resource?: VisitResource;
  readonly type?: ReceptionType;
}

/** Matched against the normalised text (ASCII lower-cased, traditional characters simplified). */
const NEEDS: readonly Need[] = [
  { re: /会议室|会客室|洽谈室|接待室|\b(?:meeting|conference|board)\s*rooms?\b|\bboardroom\b/, resource: 'meeting_room' },
  { re: /投影|显示屏|大屏|白板|视频会议|笔记本电脑|设备|\bprojectors?\b|\bscreens?\b|\bequipment\b|\blaptops?\b|\bwhiteboards?\b|\bvideo\s*conferenc/, resource: 'equipment' },
  { re: /用车|派车|接送|接机|送机|接站|送站|专车|车辆|\bcars?\b|\bpick\s*-?\s*ups?\b|\bdrivers?\b|\bshuttle\b|\bairport\s+transfer\b/, resource: 'car', type: 'transport' },
  { re: /午餐|午饭|晚餐|晚饭|晚宴|宴请|早餐|早饭|用餐|吃饭|工作餐|便餐|聚餐|餐饮|\blunch(?:eon)?\b|\bdinner\b|\bbreakfast\b|\bmeals?\b|\bbanquet\b/, resource: 'meal', type: 'meal' },
  { re: /住宿|住一晚|住两晚|住[一二两三四五六七\d]+晚|过夜|订酒店|安排酒店|酒店|宾馆|\bhotel\b|\blodging\b|\baccommodation\b|\bovernight\b/, resource: 'lodging', type: 'lodging' },
  { re: /酒水|白酒|红酒|喝酒|酒(?!店)|\bwine\b|\balcohol\b|\bliquor\b|\bdrinks\b/, type: 'alcohol' },
  { re: /礼品|礼物|纪念品|伴手礼|\bgifts?\b|\bsouvenirs?\b/, type: 'gift' },
];

const VIP = /贵宾|\bvip\b|重要客户|重要领导|高层|董事长|总裁|总经理|\bceo\b|\bchairman\b|\bpresident\b|\bexecutives?\b/;

export interface VisitNeeds {
  readonly resources: VisitResource[];
  readonly receptionTypes: ReceptionType[];
  readonly level?: VisitorLevel;
}

/** The resources and reception types `norm` asks for, each once in the table's order, and "vip" when it says so. */
export function visitNeeds(norm: string): VisitNeeds {
  const resources = new Set<VisitResource>();
  const types = new Set<ReceptionType>();
  for (const n of NEEDS) {
    if (!n.re.test(norm)) continue;
    if (n.resource) resources.add(n.resource);
    if (n.type) types.add(n.type);
  }
  return { resources: [...resources], receptionTypes: [...types], ...(VIP.test(norm) ? { level: 'vip' as const } : {}) };
}

/** Words that name what the visitors need rather than why they come ("会议室和午餐" is not a purpose). */
export const NEED_WORDS = /^(?:会议室|会客室|洽谈室|会议室和|午餐|晚餐|用车|住宿)/;
