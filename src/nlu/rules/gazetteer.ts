// Reference data: city names (Chinese, simplified, and English), common Chinese surnames and well-known company names.
// Knowledge about the world, not about particular sentences; the place and name rules fall back to patterns for names not listed.

const CN_CITIES =
  '北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 成都 武汉 西安 长沙 郑州 济南 青岛 大连 沈阳 哈尔滨 长春 石家庄 太原 呼和浩特 ' +
  '合肥 南昌 福州 厦门 泉州 南宁 桂林 海口 三亚 昆明 贵阳 拉萨 兰州 西宁 银川 乌鲁木齐 宁波 温州 绍兴 嘉兴 湖州 金华 义乌 台州 ' +
  '无锡 常州 南通 扬州 镇江 徐州 盐城 泰州 连云港 淮安 昆山 江阴 张家港 常熟 东莞 佛山 珠海 中山 惠州 江门 汕头 湛江 肇庆 ' +
  '烟台 威海 潍坊 临沂 淄博 济宁 洛阳 开封 襄阳 宜昌 株洲 湘潭 岳阳 衡阳 芜湖 蚌埠 赣州 九江 漳州 莆田 柳州 北海 遵义 大理 ' +
  '丽江 西双版纳 绵阳 宜宾 乐山 宝鸡 延安 包头 鄂尔多斯 大庆 吉林 鞍山 保定 唐山 秦皇岛 廊坊 邯郸 雄安 张家口 承德 沧州 ' +
  '香港 澳门 台北 新北 台中 台南 高雄 新竹 桃园 基隆 东京 大阪 京都 横滨 名古屋 福冈 札幌 首尔 釜山 新加坡 曼谷 吉隆坡 ' +
  '雅加达 马尼拉 河内 胡志明市 胡志明 金边 仰光 孟买 新德里 德里 班加罗尔 迪拜 杜拜 阿布扎比 多哈 利雅得 伊斯坦布尔 开罗 ' +
  '伦敦 巴黎 柏林 慕尼黑 法兰克福 阿姆斯特丹 布鲁塞尔 马德里 巴塞罗那 罗马 米兰 苏黎世 日内瓦 维也纳 布拉格 华沙 ' +
  '斯德哥尔摩 哥本哈根 奥斯陆 赫尔辛基 都柏林 里斯本 莫斯科 圣彼得堡 纽约 旧金山 洛杉矶 西雅图 芝加哥 波士顿 华盛顿 ' +
  '休斯顿 达拉斯 硅谷 拉斯维加斯 多伦多 温哥华 蒙特利尔 墨西哥城 圣保罗 布宜诺斯艾利斯 悉尼 墨尔本 布里斯班 奥克兰 约翰内斯堡 内罗毕';

const EN_CITIES =
  'Beijing|Shanghai|Tianjin|Chongqing|Guangzhou|Shenzhen|Hangzhou|Nanjing|Suzhou|Chengdu|Wuhan|Xian|Xi\'an|Changsha|Zhengzhou|Jinan|' +
  'Qingdao|Dalian|Shenyang|Harbin|Changchun|Shijiazhuang|Taiyuan|Hohhot|Hefei|Nanchang|Fuzhou|Xiamen|Quanzhou|Nanning|Guilin|Haikou|' +
  'Sanya|Kunming|Guiyang|Lhasa|Lanzhou|Xining|Yinchuan|Urumqi|Ningbo|Wenzhou|Shaoxing|Yiwu|Wuxi|Changzhou|Nantong|Yangzhou|Xuzhou|' +
  'Dongguan|Foshan|Zhuhai|Zhongshan|Huizhou|Shantou|Yantai|Weihai|Luoyang|Yichang|Hong Kong|Macau|Macao|Taipei|Taichung|Tainan|' +
  'Kaohsiung|Hsinchu|Tokyo|Osaka|Kyoto|Yokohama|Nagoya|Fukuoka|Sapporo|Seoul|Busan|Singapore|Bangkok|Kuala Lumpur|Jakarta|Manila|' +
  'Hanoi|Ho Chi Minh City|Saigon|Phnom Penh|Yangon|Mumbai|New Delhi|Delhi|Bangalore|Bengaluru|Dubai|Abu Dhabi|Doha|Riyadh|' +
  'Istanbul|Cairo|Tel Aviv|London|Paris|Berlin|Munich|Frankfurt|Hamburg|Amsterdam|Brussels|Madrid|Barcelona|Rome|Milan|Zurich|' +
  'Geneva|Vienna|Prague|Warsaw|Stockholm|Copenhagen|Oslo|Helsinki|Dublin|Lisbon|Moscow|Saint Petersburg|New York|San Francisco|' +
  'Los Angeles|Seattle|Chicago|Boston|Washington|Houston|Dallas|Atlanta|Miami|Las Vegas|San Jose|San Diego|Silicon Valley|' +
  'Toronto|Vancouver|Montreal|Mexico City|Sao Paulo|São Paulo|Buenos Aires|Sydney|Melbourne|Brisbane|Perth|Auckland|Johannesburg|' +
  'Cape Town|Nairobi|Lagos|Manchester|Edinburgh|Lyon|Stuttgart|Cologne|Dusseldorf|Düsseldorf|Rotterdam|Osaka|Kobe|Incheon|Shenzhen|' +
  'NYC|New York City|Philadelphia|Denver|Austin|Phoenix|Detroit|Minneapolis|Portland|Salt Lake City|Orlando|Honolulu|Ottawa|' +
  'Calgary|Lima|Bogota|Bogotá|Santiago|Rio de Janeiro|Athens|Budapest|Bucharest|Kyiv|Kiev|Chennai|Hyderabad|Kolkata|Karachi|' +
  'Lahore|Dhaka|Colombo|Kathmandu|Ulaanbaatar|Almaty|Tashkent|Jeddah|Muscat|Kuwait City|Casablanca|Accra|Addis Ababa|' +
  'Penang|Cebu|Bali|Da Nang|Chiang Mai|Phuket|Macao|Zhangjiakou|Guangdong|Brighton|Birmingham|Glasgow|Bristol|Leeds|Nice|' +
  'Marseille|Toulouse|Bordeaux|Florence|Venice|Naples|Turin|Seville|Valencia|Porto|Krakow|Antwerp|Basel|Salzburg|Reykjavik';

/** Simplified-Chinese city names (the text is simplified before lookup, so 廣州 matches 广州). */
export const CHINESE_CITIES: ReadonlySet<string> = new Set(CN_CITIES.split(' '));
/** Longest Chinese city name, for the longest-match lookup. */
export const CHINESE_CITY_MAX = Math.max(...[...CHINESE_CITIES].map((c) => c.length));
/** English city names, lower-cased. */
export const ENGLISH_CITIES: ReadonlySet<string> = new Set(EN_CITIES.split('|').map((c) => c.toLowerCase()));
/** Regular-expression alternation of English city names (lower case, longest first). */
export const ENGLISH_CITY_PATTERN = [...ENGLISH_CITIES]
  .sort((a, b) => b.length - a.length)
  .map((c) => c.replace(/[.*+?^${}()|[\]\\']/g, (ch) => (ch === "'" ? "'?" : `\\${ch}`)))
  .join('|');

/** Common single-character surnames (simplified). Rare ones that are everyday words (美, 和, 于) are left out on purpose. */
export const SURNAMES: ReadonlySet<string> = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾' +
    '韦夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷' +
    '詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农' +
    '司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池' +
    '查麻苑迟邝').split(''),
);
/** Two-character surnames. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '慕容', '司徒', '令狐', '夏侯', '皇甫', '尉迟', '公孙', '长孙', '宇文', '端木']);
/** Titles written after a surname: 张总, 王经理, 李先生. */
export const NAME_TITLES = '总|经理|总监|总裁|董事长|主任|先生|女士|小姐|老师|博士|教授|律师|医生|工|主管|部长|处长|局长|科长|院长|校长|总经理|副总|老板|师傅|太太|生|姑娘';

/** Companies people name without a legal suffix. Lower-case for Latin names. */
export const KNOWN_COMPANIES: ReadonlySet<string> = new Set(
  ('腾讯 阿里 阿里巴巴 阿里云 蚂蚁 蚂蚁集团 百度 字节 字节跳动 抖音 美团 京东 华为 小米 网易 滴滴 拼多多 快手 联想 中兴 比亚迪 蔚来 理想 小鹏 ' +
    '格力 美的 海尔 招商银行 招行 工商银行 工行 中国银行 中行 建设银行 建行 农业银行 农行 交通银行 平安 中信 万科 携程 大疆 宁德时代 ' +
    '苹果 微软 谷歌 亚马逊 特斯拉 索尼 三星 松下 丰田 本田 西门子 博世 宝马 奔驰 大众 英特尔 高通 甲骨文 思科 台积电 鸿海 富士康 ' +
    '顺丰 中石油 中石化 中移动 中国移动 中国联通 中国电信 国家电网 德勤 普华永道 安永 毕马威 麦肯锡 商汤 科大讯飞 海康 海康威视 ' +
    'sony ibm google microsoft apple amazon meta tesla samsung intel oracle cisco siemens bosch toyota honda huawei tencent alibaba ' +
    'baidu bytedance xiaomi deloitte pwc kpmg ey mckinsey accenture nvidia salesforce sap').split(' '),
);
/** Endings that mark a company or institution: 某某科技, 某某有限公司. */
export const COMPANY_SUFFIXES =
  '有限公司|股份公司|公司|集团|科技|银行|证券|保险|基金|控股|实业|传媒|网络|信息|技术|咨询|律所|律师事务所|事务所|大学|学院|研究院|研究所|医院|工作室|工厂|厂|中心|协会|商会|政府|局|委员会';

/** True when `text` names a listed city (Chinese or English). */
export function isCityName(text: string): boolean {
  return CHINESE_CITIES.has(text) || ENGLISH_CITIES.has(text.toLowerCase());
}
