// Files sent to the bot become a neutral attachment on each platform (Feishu image/file, DingTalk picture/file, Slack
// file_share), with what the platform declares; what we read is decided by name and declared type before fetching and
// by the bytes after.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { checkDeclaredLength, FileTooLarge, readCapped } from '../../bots/chat/files.js';
import { dingtalkMessage } from '../../bots/dingtalk/dingtalk.normalize.js';
import { feishuMessage } from '../../bots/feishu/feishu.normalize.js';
import type { FeishuEnvelope } from '../../bots/feishu/feishu.verify.js';
import { slackInbound } from '../../bots/slack/slack.normalize.js';
import { declaredSupport } from '../../src/chat/receipt-chat.js';
import { sniffType } from '../../src/chat/receipt-fetch.js';
import { docxBytes, einvoiceXml, jpegBytes } from '../helpers/receipts.js';

const feishu = (message_type: string, content: unknown): FeishuEnvelope => ({
  kind: 'event_v2',
  eventId: 'ev_1',
  eventType: 'im.message.receive_v1',
  header: { event_id: 'ev_1', event_type: 'im.message.receive_v1', tenant_key: 'tk_1', app_id: 'cli_1', create_time: '0', token: '' } as never,
  event: { sender: { sender_id: { open_id: 'ou_1' }, sender_type: 'user' }, message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type, content: JSON.stringify(content) } },
  payload: {},
});

describe('attachments', () => {
  it('Feishu: an image by its image_key, a file by its file_key and name; text has none', () => {
    expect(feishuMessage(feishu('image', { image_key: 'img_v2_1' }))?.attachment).toEqual({ fileKey: 'img_v2_1', messageId: 'om_1', kind: 'image' });
    expect(feishuMessage(feishu('file', { file_key: 'file_v3_1', file_name: 'a.pdf' }))?.attachment).toEqual({ fileKey: 'file_v3_1', messageId: 'om_1', kind: 'file', name: 'a.pdf' });
    expect(feishuMessage(feishu('text', { text: 'hi' }))?.attachment).toBeUndefined();
    expect(feishuMessage(feishu('image', { nothing: true }))?.attachment).toBeUndefined();
  });

  it('DingTalk: a picture and a file by their downloadCode', () => {
    const base = { msgId: 'm1', senderStaffId: 's1', conversationType: '1', chatbotCorpId: 'corp' };
    expect(dingtalkMessage({ ...base, msgtype: 'picture', content: { downloadCode: 'dc1', pictureDownloadCode: 'p' } })?.attachment).toEqual({ fileKey: 'dc1', messageId: 'm1', kind: 'image' });
    expect(dingtalkMessage({ ...base, msgtype: 'file', content: { downloadCode: 'dc2', fileName: 'x.xml' } })?.attachment).toEqual({ fileKey: 'dc2', messageId: 'm1', kind: 'file', name: 'x.xml' });
    expect(dingtalkMessage({ ...base, msgtype: 'text', text: { content: 'hi' } })?.attachment).toBeUndefined();
  });

  it('Slack: a file_share in a DM with its declared type, size and private download URL; other subtypes stay ignored', () => {
    const body = (event: Record<string, unknown>) => ({ type: 'event_callback', event_id: 'Ev1', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ...event } });
    const file = { id: 'F1', name: 'r.jpg', mimetype: 'image/jpeg', size: 1234, url_private_download: 'https://files.slack.com/files-pri/T1-F1/download/r.jpg' };
    const r = slackInbound(body({ subtype: 'file_share', files: [file] }));
    expect(r.kind === 'message' && r.message.attachment).toEqual({ fileKey: 'F1', messageId: 'Ev1', kind: 'image', name: 'r.jpg', declaredType: 'image/jpeg', declaredSize: 1234, url: file.url_private_download });
    expect(slackInbound(body({ subtype: 'message_changed', files: [file] })).kind).toBe('ignored');
    expect(slackInbound(body({ subtype: 'file_share' })).kind).toBe('ignored');
  });

  it('reads JPEG, PNG, PDF and XML by their bytes, not a zip (.docx, .ofd); refuses a .docx or .zip by its name first', () => {
    expect(sniffType(jpegBytes())).toBe('image/jpeg');
    expect(sniffType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(einvoiceXml({ number: '26312000000500000001', total: 100, day: '2026-11-01' }))).toBe('application/xml');
    expect(sniffType(docxBytes())).toBeUndefined();
    expect(sniffType(new TextEncoder().encode('hello'))).toBeUndefined();
    expect(declaredSupport({ fileKey: 'k', messageId: 'm', kind: 'file', name: 'a.docx' })).toBe('unsupported');
    expect(declaredSupport({ fileKey: 'k', messageId: 'm', kind: 'file', name: 'a.zip' })).toBe('unsupported');
    expect(declaredSupport({ fileKey: 'k', messageId: 'm', kind: 'file', name: 'a.xml' })).toBe('fetch');
    expect(declaredSupport({ fileKey: 'k', messageId: 'm', kind: 'file', declaredType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('unsupported');
    expect(declaredSupport({ fileKey: 'k', messageId: 'm', kind: 'image' })).toBe('fetch');
  });

  it('caps a download while reading it (no Content-Length needed) and stops reading; a declared length over the cap refuses at once', async () => {
    let pulled = 0;
    const chunks = function* () {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield new Uint8Array(1000);
      }
    };
    let aborted = false;
    await expect(readCapped(Readable.from(chunks()), 4096, () => (aborted = true))).rejects.toThrow(FileTooLarge);
    expect(aborted).toBe(true);
    expect(pulled).toBeLessThan(10);
    expect((await readCapped(Readable.from([new Uint8Array([1, 2]), new Uint8Array([3])]), 3)).length).toBe(3);
    expect((await readCapped(new Response(new Uint8Array(10)).body!, 10)).length).toBe(10);
    expect(() => checkDeclaredLength('5000', 4096)).toThrow(FileTooLarge);
    expect(() => checkDeclaredLength('4096', 4096)).not.toThrow();
    expect(() => checkDeclaredLength(undefined, 4096)).not.toThrow();
  });
});
