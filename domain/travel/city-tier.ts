// City tiers for travel standards: tier 1 (北京 上海 广州 深圳), tier 2 (provincial capitals and large cities), tier 3
// (other Chinese cities), and overseas by country (Hong Kong, Macau and Taiwan count as overseas, as most Chinese
// corporate travel policies treat them). Pure lookup tables.

export type CityTier = 1 | 2 | 3 | 'overseas';

export interface CityInfo {
  readonly tier: CityTier;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** The canonical name (Chinese for Chinese cities). */
  readonly city: string;
}

const TIER1: Record<string, string[]> = { 北京: ['beijing', '北京'], 上海: ['shanghai', '上海'], 广州: ['guangzhou', '廣州', 'canton'], 深圳: ['shenzhen'] };
const TIER2: Record<string, string[]> = {
  成都: ['chengdu'], 杭州: ['hangzhou'], 重庆: ['chongqing', '重慶'], 武汉: ['wuhan', '武漢'], 西安: ['xian', "xi'an"], 苏州: ['suzhou', '蘇州'],
  天津: ['tianjin'], 南京: ['nanjing'], 长沙: ['changsha', '長沙'], 郑州: ['zhengzhou', '鄭州'], 东莞: ['dongguan', '東莞'], 青岛: ['qingdao', '青島'],
  沈阳: ['shenyang', '瀋陽'], 宁波: ['ningbo', '寧波'], 昆明: ['kunming'], 合肥: ['hefei'], 厦门: ['xiamen', '廈門'], 大连: ['dalian', '大連'],
  济南: ['jinan', '濟南'], 福州: ['fuzhou'], 哈尔滨: ['harbin', '哈爾濱'], 长春: ['changchun', '長春'], 石家庄: ['shijiazhuang', '石家莊'],
  南宁: ['nanning', '南寧'], 贵阳: ['guiyang', '貴陽'], 南昌: ['nanchang'], 太原: ['taiyuan'], 无锡: ['wuxi', '無錫'], 佛山: ['foshan'], 温州: ['wenzhou', '溫州'],
};
const OVERSEAS: Record<string, [country: string, ...aliases: string[]]> = {
  香港: ['HK', 'hong kong', 'hongkong'], 澳门: ['MO', 'macau', 'macao', '澳門'], 台北: ['TW', 'taipei'], 东京: ['JP', 'tokyo', '東京'], 大阪: ['JP', 'osaka'],
  首尔: ['KR', 'seoul', '首爾'], 新加坡: ['SG', 'singapore'], 曼谷: ['TH', 'bangkok'], 吉隆坡: ['MY', 'kuala lumpur'], 雅加达: ['ID', 'jakarta'],
  胡志明市: ['VN', 'ho chi minh city', 'saigon'], 纽约: ['US', 'new york', '紐約'], 旧金山: ['US', 'san francisco', '舊金山'], 洛杉矶: ['US', 'los angeles'],
  伦敦: ['GB', 'london', '倫敦'], 巴黎: ['FR', 'paris'], 法兰克福: ['DE', 'frankfurt'], 悉尼: ['AU', 'sydney'], 迪拜: ['AE', 'dubai'],
};

const INDEX = new Map<string, CityInfo>();
for (const [name, aliases] of Object.entries(TIER1)) for (const a of [name, ...aliases]) INDEX.set(a.toLowerCase(), { tier: 1, country: 'CN', city: name });
for (const [name, aliases] of Object.entries(TIER2)) for (const a of [name, ...aliases]) INDEX.set(a.toLowerCase(), { tier: 2, country: 'CN', city: name });
for (const [name, [country, ...aliases]] of Object.entries(OVERSEAS)) for (const a of [name, ...aliases]) INDEX.set(a.toLowerCase(), { tier: 'overseas', country, city: name });

/** The tier of a city by its Chinese (simplified or traditional) or English name, with or without 市; unknown → tier 3. */
export function cityTier(city: string): CityInfo {
  const key = city.trim().replace(/市$/, '').toLowerCase();
  return INDEX.get(key) ?? { tier: 3, country: 'CN', city: city.trim().replace(/市$/, '') };
}
