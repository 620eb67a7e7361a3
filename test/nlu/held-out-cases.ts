// Utterances written for this suite (not taken from the shared examples), with hand-computed expectations.
// Default today: 2026-11-18, a Wednesday, Asia/Shanghai. They guard that the rules are general, not fitted to the examples.
import type { Expectation } from './scoring.js';

export interface HeldOutCase {
  text: string;
  expect: Expectation;
  today?: string;
}

export const HELD_OUT: readonly HeldOutCase[] = [
  // trips
  { text: '下下周一去重庆出差，周四回来，高铁', expect: { intent: 'trip', 'trip.destination': '重庆', 'trip.departDate': '2026-11-30', 'trip.returnDate': '2026-12-03', 'trip.transport': 'train' } },
  { text: '11月25日至27日去厦门开会', expect: { intent: 'trip', 'trip.destination': '厦门', 'trip.departDate': '2026-11-25', 'trip.returnDate': '2026-11-27' } },
  { text: '後天從台中飛東京，住三晚', expect: { intent: 'trip', 'trip.origin': '台中', 'trip.destination': ['東京', '东京'], 'trip.departDate': '2026-11-20', 'trip.returnDate': '2026-11-23', 'trip.transport': 'flight' } },
  { text: '我和王强去深圳出差，明天出发，后天回', expect: { intent: 'trip', 'trip.destination': '深圳', 'trip.departDate': '2026-11-19', 'trip.returnDate': '2026-11-20', 'trip.travellers': 2 } },
  {
    text: 'Flight to Seoul on Dec 14, returning Dec 18, 2 people, budget USD 2,500',
    expect: { intent: 'trip', 'trip.destination': 'Seoul', 'trip.departDate': '2026-12-14', 'trip.returnDate': '2026-12-18', 'trip.transport': 'flight', 'trip.travellers': 2, 'trip.estimatedAmount.minor': 250000, 'trip.estimatedAmount.currency': 'USD' },
  },
  { text: 'business trip to Frankfurt next Monday for 3 days', expect: { intent: 'trip', 'trip.destination': 'Frankfurt', 'trip.departDate': '2026-11-23', 'trip.returnDate': '2026-11-25' } },
  { text: '下周五开车去无锡，当天回', expect: { intent: 'trip', 'trip.destination': '无锡', 'trip.departDate': '2026-11-27', 'trip.returnDate': '2026-11-27', 'trip.transport': 'car' } },
  {
    text: '申请出差：杭州，12/1-12/3，动车，预算1500元',
    expect: { intent: 'trip', 'trip.destination': '杭州', 'trip.departDate': '2026-12-01', 'trip.returnDate': '2026-12-03', 'trip.transport': 'train', 'trip.estimatedAmount.minor': 150000, 'trip.estimatedAmount.currency': 'CNY' },
  },
  { text: '下个月10号去青岛，待一周', expect: { intent: 'trip', 'trip.destination': '青岛', 'trip.departDate': '2026-12-10', 'trip.returnDate': '2026-12-16' } },
  { text: 'Taking the bus to Tianjin tomorrow, back Friday', expect: { intent: 'trip', 'trip.destination': 'Tianjin', 'trip.departDate': '2026-11-19', 'trip.returnDate': '2026-11-20', 'trip.transport': 'bus' } },
  { text: '本周六坐船去舟山，两个人', expect: { intent: 'trip', 'trip.destination': '舟山', 'trip.departDate': '2026-11-21', 'trip.transport': 'ship', 'trip.travellers': 2 } },
  { text: "I'm flying from Shanghai to Singapore on 3 Dec, back 7 Dec", expect: { intent: 'trip', 'trip.origin': 'Shanghai', 'trip.destination': 'Singapore', 'trip.departDate': '2026-12-03', 'trip.returnDate': '2026-12-07', 'trip.transport': 'flight' } },
  { text: '1月5日去北京出差三天', today: '2026-12-30', expect: { intent: 'trip', 'trip.destination': '北京', 'trip.departDate': '2027-01-05', 'trip.returnDate': '2027-01-07' } },
  { text: '下周一飞广州', today: '2026-12-30', expect: { intent: 'trip', 'trip.destination': '广州', 'trip.departDate': '2027-01-04', 'trip.transport': 'flight' } },
  // Said on a Friday: "next Thursday" can only be the 26th. (On a Wednesday it could be tomorrow: the rules then ask.)
  { text: 'Need a train ticket to Beijing for next Thursday, 3 of us', today: '2026-11-20', expect: { intent: 'trip', 'trip.destination': 'Beijing', 'trip.departDate': '2026-11-26', 'trip.transport': 'train', 'trip.travellers': 3 } },
  { text: 'Heading to Chengdu Dec 9 to 12 for a conference', expect: { intent: 'trip', 'trip.destination': 'Chengdu', 'trip.departDate': '2026-12-09', 'trip.returnDate': '2026-12-12' } },
  { text: '下週一到週三去廣州出差，坐高鐵', expect: { intent: 'trip', 'trip.destination': ['廣州', '广州'], 'trip.departDate': '2026-11-23', 'trip.returnDate': '2026-11-25', 'trip.transport': 'train' } },
  { text: '我下周要去趟成都', expect: { intent: 'trip', 'trip.destination': '成都' } },
  { text: '后天一早的高铁去郑州，晚上回来', expect: { intent: 'trip', 'trip.destination': '郑州', 'trip.departDate': '2026-11-20', 'trip.returnDate': '2026-11-20', 'trip.transport': 'train' } },
  { text: 'Travel request: Shanghai → Beijing, 11/25-11/27', expect: { intent: 'trip', 'trip.origin': 'Shanghai', 'trip.destination': 'Beijing', 'trip.departDate': '2026-11-25', 'trip.returnDate': '2026-11-27' } },
  { text: '出差申请 北京→上海 12月1日-3日 飞机 2人', expect: { intent: 'trip', 'trip.origin': '北京', 'trip.destination': '上海', 'trip.departDate': '2026-12-01', 'trip.returnDate': '2026-12-03', 'trip.transport': 'flight', 'trip.travellers': 2 } },
  { text: "I'll be in Shenzhen from Monday to Wednesday next week", expect: { intent: 'trip', 'trip.destination': 'Shenzhen', 'trip.departDate': '2026-11-23', 'trip.returnDate': '2026-11-25' } },
  { text: 'Book a flight to Shanghai next Tuesday, returning Friday', expect: { intent: 'trip', 'trip.destination': 'Shanghai', 'trip.departDate': '2026-11-24', 'trip.returnDate': '2026-11-27', 'trip.transport': 'flight' } },
  { text: '带两个同事明天去长沙，高铁', expect: { intent: 'trip', 'trip.destination': '长沙', 'trip.departDate': '2026-11-19', 'trip.transport': 'train', 'trip.travellers': 3 } },
  { text: '3 of us taking the train to Nanjing next Wednesday', expect: { intent: 'trip', 'trip.destination': 'Nanjing', 'trip.departDate': '2026-11-25', 'trip.transport': 'train', 'trip.travellers': 3 } },
  // expenses
  { text: '报销昨天滴滴 45.8元', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 4580, 'expense.amount.currency': 'CNY', 'expense.date': '2026-11-17' } },
  { text: '上周五加油 ¥350', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 35000, 'expense.amount.currency': 'CNY', 'expense.date': '2026-11-13' } },
  { text: '午饭 二十八块', expect: { intent: 'expense', 'expense.category': 'meal', 'expense.amount.minor': 2800, 'expense.amount.currency': 'CNY' } },
  { text: '請客戶吃飯 1,580元 上週三', expect: { intent: 'expense', 'expense.category': 'hospitality', 'expense.amount.minor': 158000, 'expense.amount.currency': 'CNY', 'expense.date': '2026-11-11' } },
  { text: 'Lunch with client $120 on Monday', expect: { intent: 'expense', 'expense.category': 'hospitality', 'expense.amount.minor': 12000, 'expense.amount.currency': 'USD', 'expense.date': '2026-11-16' } },
  { text: 'Printer ink EUR 45', expect: { intent: 'expense', 'expense.category': 'office', 'expense.amount.minor': 4500, 'expense.amount.currency': 'EUR' } },
  { text: 'Airbnb in Kyoto JPY 32,000 Nov 10', expect: { intent: 'expense', 'expense.category': 'lodging', 'expense.amount.minor': 32000, 'expense.amount.currency': 'JPY', 'expense.date': '2026-11-10' } },
  { text: 'phone bill 199 CNY this month', expect: { intent: 'expense', 'expense.category': 'communication', 'expense.amount.minor': 19900, 'expense.amount.currency': 'CNY' } },
  { text: '快递费 23元 11月16号', expect: { intent: 'expense', 'expense.category': 'office', 'expense.amount.minor': 2300, 'expense.date': '2026-11-16' } },
  { text: '酒店两晚 960元', expect: { intent: 'expense', 'expense.category': 'lodging', 'expense.amount.minor': 96000, 'expense.amount.currency': 'CNY' } },
  { text: '停车 15块 今天上午', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 1500, 'expense.date': '2026-11-18' } },
  { text: 'The day before yesterday taxi HK$88', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 8800, 'expense.amount.currency': 'HKD', 'expense.date': '2026-11-16' } },
  { text: '報銷 計程車 NT$320 前天', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 32000, 'expense.amount.currency': 'TWD', 'expense.date': '2026-11-16' } },
  { text: '团队晚餐 3千2 上周五', expect: { intent: 'expense', 'expense.category': 'meal', 'expense.amount.minor': 320000, 'expense.amount.currency': 'CNY', 'expense.date': '2026-11-13' } },
  { text: '订机票 2,340元', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 234000 } },
  { text: '12月28日 打车 56元', today: '2027-01-03', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 5600, 'expense.date': '2026-12-28' } },
  { text: 'Dinner 45 dollars yesterday', expect: { intent: 'expense', 'expense.category': 'meal', 'expense.amount.minor': 4500, 'expense.amount.currency': 'USD', 'expense.date': '2026-11-17' } },
  { text: '公司年会场地费 5万', expect: { intent: 'expense', 'expense.category': 'other', 'expense.amount.minor': 5000000, 'expense.amount.currency': 'CNY' } },
  { text: '打车 三十五块五', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 3550 } },
  { text: '团建聚餐人均100，共计1,250元', expect: { intent: 'expense', 'expense.category': 'meal', 'expense.amount.minor': 125000 } },
  { text: '酒店 USD 1,234.56', expect: { intent: 'expense', 'expense.category': 'lodging', 'expense.amount.minor': 123456, 'expense.amount.currency': 'USD' } },
  { text: 'Taxi KWD 4.500', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 4500, 'expense.amount.currency': 'KWD' } },
  { text: '報銷 早餐 HK$45 今天', expect: { intent: 'expense', 'expense.category': 'meal', 'expense.amount.minor': 4500, 'expense.amount.currency': 'HKD', 'expense.date': '2026-11-18' } },
  { text: '高速过路费 45元 11.15', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 4500, 'expense.date': '2026-11-15' } },
  { text: '今天中午和客户吃饭花了650', expect: { intent: 'expense', 'expense.category': 'hospitality', 'expense.amount.minor': 65000, 'expense.amount.currency': 'CNY', 'expense.date': '2026-11-18' } },
  { text: 'Spent ¥88 on taxi last night', expect: { intent: 'expense', 'expense.category': 'transport', 'expense.amount.minor': 8800, 'expense.amount.currency': 'CNY' } },
  // visits
  { text: '明天上午九点半 京东 刘洋 来访', expect: { intent: 'visit', 'visit.visitorName': '刘洋', 'visit.company': '京东', 'visit.visitDate': '2026-11-19', 'visit.startTime': '09:30' } },
  { text: '下周二下午3点，百度的赵敏来公司洽谈，共2人', expect: { intent: 'visit', 'visit.visitorName': '赵敏', 'visit.company': '百度', 'visit.visitDate': '2026-11-24', 'visit.startTime': '15:00', 'visit.headcount': 2 } },
  {
    text: '登記訪客：陳志明，台積電，0912345678，下週一上午10點',
    expect: { intent: 'visit', 'visit.visitorName': ['陳志明', '陈志明'], 'visit.company': ['台積電', '台积电'], 'visit.phone': '0912345678', 'visit.visitDate': '2026-11-23', 'visit.startTime': '10:00' },
  },
  { text: 'Visitor: Maria Garcia from Telefonica, Dec 2 at 10:30, 2 people', expect: { intent: 'visit', 'visit.visitorName': 'Maria Garcia', 'visit.company': 'Telefonica', 'visit.visitDate': '2026-12-02', 'visit.startTime': '10:30', 'visit.headcount': 2 } },
  { text: 'Mr. Wang from Lenovo is coming tomorrow at 4pm', expect: { intent: 'visit', 'visit.visitorName': ['Mr. Wang', 'Wang'], 'visit.company': 'Lenovo', 'visit.visitDate': '2026-11-19', 'visit.startTime': '16:00' } },
  { text: '后天下午两点半 有位客户 孙先生 来访，手机 138 0013 8000', expect: { intent: 'visit', 'visit.visitorName': '孙先生', 'visit.visitDate': '2026-11-20', 'visit.startTime': '14:30', 'visit.phone': '13800138000' } },
  { text: '12月5日上午 小米 一行4人 来参观', expect: { intent: 'visit', 'visit.company': '小米', 'visit.visitDate': '2026-12-05', 'visit.headcount': 4 } },
  { text: '明天下午四點 鴻海 林先生 來訪', expect: { intent: 'visit', 'visit.visitorName': '林先生', 'visit.company': ['鴻海', '鸿海'], 'visit.visitDate': '2026-11-19', 'visit.startTime': '16:00' } },
  { text: '三位客人明天上午十点来访，来自华为，联系人张经理 13600001111', expect: { intent: 'visit', 'visit.company': '华为', 'visit.phone': '13600001111', 'visit.visitDate': '2026-11-19', 'visit.startTime': '10:00', 'visit.headcount': 3 } },
  { text: "Can you register Tom Hanks for tomorrow 11am? He's from Pixar.", expect: { intent: 'visit', 'visit.visitorName': 'Tom Hanks', 'visit.company': 'Pixar', 'visit.visitDate': '2026-11-19', 'visit.startTime': '11:00' } },
  { text: '访客登记 姓名:刘强 公司:中石化 时间:后天上午九点 人数:2', expect: { intent: 'visit', 'visit.visitorName': '刘强', 'visit.company': '中石化', 'visit.visitDate': '2026-11-20', 'visit.startTime': '09:00', 'visit.headcount': 2 } },
  { text: 'Guest arriving at 9:30 tomorrow: Dr. Emily Chen, Stanford University', expect: { intent: 'visit', 'visit.visitorName': ['Dr. Emily Chen', 'Emily Chen'], 'visit.company': 'Stanford University', 'visit.visitDate': '2026-11-19', 'visit.startTime': '09:30' } },
  { text: '明天有个面试，候选人王丽，下午2点', expect: { intent: 'visit', 'visit.visitorName': '王丽', 'visit.visitDate': '2026-11-19', 'visit.startTime': '14:00' } },
  // status
  { text: '我上周提交的报销审批了吗', expect: { intent: 'status' } },
  { text: '出差申请批下来没有', expect: { intent: 'status' } },
  { text: 'Any update on my travel request?', expect: { intent: 'status' } },
  { text: 'When will my reimbursement be paid?', expect: { intent: 'status' } },
  { text: '我的報銷進度怎麼樣了', expect: { intent: 'status' } },
  { text: '审批怎么还没通过', expect: { intent: 'status' } },
  { text: 'why was my claim rejected?', expect: { intent: 'status' } },
  // nothing we handle
  { text: '你好', expect: { intent: 'unknown' } },
  { text: "What's the weather like tomorrow?", expect: { intent: 'unknown' } },
  { text: '帮我写一首诗', expect: { intent: 'unknown' } },
  { text: 'thanks!', expect: { intent: 'unknown' } },
];
