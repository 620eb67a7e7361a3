// Traditional → Simplified Chinese, one character for one character, for the words the rules look for.
// The mapping is 1:1 so that offsets in the normalised text are offsets in what the user typed.

/** Pairs of (traditional, simplified) characters, written two by two. */
const PAIRS =
  '週周飛飞從从報报銷销來来訪访後后個个車车鐵铁動动機机無无請请飯饭費费電电話话寬宽帶带紙纸遞递號号點点時时議议會会' +
  '戶户見见參参訓训練练發发達达們们這这張张偉伟孫孙麗丽陳陈劉刘楊杨黃黄趙赵吳吴鄭郑馮冯韓韩蔣蒋許许蕭萧葉叶錢钱' +
  '鄧邓盧卢羅罗譚谭蘇苏鍾钟鐘钟歐欧陽阳廣广東东臺台灣湾門门貴贵蘭兰濟济寧宁漢汉連连爾尔濱滨倫伦紐纽約约舊旧慶庆' +
  '瀋沈廈厦錫锡頭头島岛園园莊庄關关雲云區区長长溫温紹绍興兴義义龍龙華华為为騰腾訊讯團团節节裡里裏里裝装價价預预' +
  '筆笔國国際际場场廳厅館馆賓宾務务應应計计資资數数兩两萬万億亿塊块幣币圓圆總总問问嗎吗審审過过狀状態态進进處处' +
  '帳账賬账還还沒没聽听說说講讲麼么樣样經经師师員员業业開开駕驾輪轮郵邮線线訂订單单與与讓让給给禮礼當当歸归購购' +
  '買买賣卖貼贴補补類类網网絡络頻频運运轉转閩闽鎮镇縣县陝陕贛赣遼辽齊齐魯鲁豐丰寶宝雞鸡滬沪嶺岭瀏浏衛卫麥麦馬马' +
  '亞亚聖圣瑪玛維维納纳薩萨奧奥邁迈讀读書书學学習习記记錄录導导醫医療疗藥药險险稅税營营銀银證证據据憑凭註注冊册' +
  '辦办寫写飲饮糧粮麵面條条鴨鸭魚鱼燒烧飽饱餓饿夥伙隊队組组僱雇傭佣監监責责專专項项談谈設设備备試试驗验測测視视' +
  '課课聯联繫系係系廠厂倉仓庫库貨货產产實实輛辆鄒邹龔龚閻阎顧顾陸陆範范賈贾嚴严韋韦湯汤鄔邬龐庞聶聂駱骆鮑鲍紀纪' +
  '喬乔賀贺畢毕賴赖鄺邝閔闵積积鴻鸿貳贰歲岁兒儿遊游覽览觀观領领隨随頓顿鋪铺' +
  '間间層层樓楼啟启盤盘簽签辭辞職职鬆松邊边爺爷傑杰紅红綠绿藍蓝軍军嶽岳齡龄' +
  '雙双簡简體体評评論论認认識识輸输贏赢陰阴陽阳濤涛鵬鹏劍剑鋼钢銘铭鳳凤蓮莲瑩莹潔洁靜静穎颖' +
  '烏乌磯矶內内額额準准幾几並并鄉乡擔担灘滩漲涨燈灯鎖锁剛刚別别嘯啸僑侨鍊链鏈链貿贸韻韵聲声團团' +
  '誕诞勞劳婦妇黨党復复臘腊農农曆历歷历尋寻頂顶傷伤節节陰阴黃黄鬥斗愛爱親亲闆板' +
  // Cantonese characters read as their Mandarin counterparts: 嚟 (come) → 来, 晝 → 昼.
  '嚟来晝昼匯汇夾夹';

function buildMap(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < PAIRS.length; i += 2) {
    const from = PAIRS[i] as string;
    const to = PAIRS[i + 1] as string;
    if (from !== to) map.set(from, to);
  }
  return map;
}

/** Traditional character → its simplified form (only characters that differ). */
export const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<string, string> = buildMap();
