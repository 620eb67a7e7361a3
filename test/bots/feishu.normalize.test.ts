// Feishu messages of each kind become text: plain text, rich text (`post`) with its title, links and mentions, and
// kinds we cannot read as empty text (never a crash, never the raw JSON).
import { describe, expect, it } from 'vitest';
import { feishuMessage } from '../../bots/feishu/feishu.normalize.js';
import type { FeishuEnvelope } from '../../bots/feishu/feishu.verify.js';

const envelope = (message_type: string, content: unknown, extra: Record<string, unknown> = {}): FeishuEnvelope => ({
  kind: 'event_v2',
  eventId: `ev_${message_type}`,
  eventType: 'im.message.receive_v1',
  header: { event_id: `ev_${message_type}`, event_type: 'im.message.receive_v1', tenant_key: 'tk_1', app_id: 'cli_1', create_time: '0', token: '' } as never,
  event: { sender: { sender_id: { open_id: 'ou_1' }, sender_type: 'user' }, message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type, content: JSON.stringify(content), ...extra } },
  payload: {},
});

describe('feishuMessage', () => {
  it('reads plain text', () => {
    expect(feishuMessage(envelope('text', { text: '午饭 36元 今天' }))?.text).toBe('午饭 36元 今天');
  });

  it('reads a rich-text post: its title and every paragraph, with link texts, and without mention placeholders', () => {
    const post = {
      title: '出差申请',
      content: [
        [{ tag: 'at', user_id: '@_user_1', user_name: 'Bot' }, { tag: 'text', text: ' 下周二去上海出差，' }, { tag: 'text', text: '周四回', style: ['bold'] }],
        [{ tag: 'a', text: '高铁', href: 'https://example.com' }, { tag: 'img', image_key: 'img_1' }],
      ],
    };
    const m = feishuMessage(envelope('post', post, { mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'Bot' }] }));
    expect(m?.text).toBe('出差申请 下周二去上海出差，周四回 高铁');
  });

  it('reads a post whose body is keyed by locale', () => {
    expect(feishuMessage(envelope('post', { zh_cn: { title: '', content: [[{ tag: 'text', text: 'taxi to airport $45 yesterday' }]] } }))?.text).toBe('taxi to airport $45 yesterday');
  });

  it('gives empty text for a kind it cannot read, and for content that is not JSON', () => {
    expect(feishuMessage(envelope('image', { image_key: 'img_1' }))?.text).toBe('');
    const broken = envelope('text', {});
    (broken as unknown as { event: { message: { content: string } } }).event.message.content = '{not json';
    expect(feishuMessage(broken)?.text).toBe('');
  });
});
