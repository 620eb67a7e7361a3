// DingTalk robot messages of each kind become text: plain text, rich text (its text runs in order, pictures dropped),
// and kinds we cannot read as empty text.
import { describe, expect, it } from 'vitest';
import { dingtalkMessage } from '../../bots/dingtalk/dingtalk.normalize.js';

const message = (msgtype: string, body: Record<string, unknown>) => ({ msgId: `msg_${msgtype}`, senderStaffId: 'staff_1', conversationType: '1', conversationId: 'cid_1', chatbotCorpId: 'corp_1', msgtype, ...body });

describe('dingtalkMessage', () => {
  it('reads plain text', () => {
    expect(dingtalkMessage(message('text', { text: { content: ' 打车去机场 45元 昨天 ' } }))?.text).toBe('打车去机场 45元 昨天');
  });

  it('reads rich text: the text runs in order, pictures left out', () => {
    const body = { content: { richText: [{ text: '明天下午两点' }, { downloadCode: 'dc_1', pictureDownloadCode: 'pdc_1', type: 'picture' }, { text: '华为王强来访' }] } };
    expect(dingtalkMessage(message('richText', body))?.text).toBe('明天下午两点华为王强来访');
  });

  it('gives empty text for a kind it cannot read', () => {
    expect(dingtalkMessage(message('picture', { content: { downloadCode: 'dc_2' } }))?.text).toBe('');
    expect(dingtalkMessage(message('richText', { content: { richText: 'not a list' } }))?.text).toBe('');
  });
});
