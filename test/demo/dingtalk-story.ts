// The story on DingTalk in Stream mode: the real dingtalk-stream client holds a long connection to the DingTalkFake's
// gateway, robot messages and card clicks arrive as CALLBACK frames, and cards go out as card instances through the
// Open API fake. The transcript shows each createAndDeliver / update call with its cardParamMap as the fake received it.
import { startDingTalkStream } from '../../src/channels/dingtalk-stream.js';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import type { RecordedCall } from '../fakes/http-fake.js';
import { recordDatabaseState } from './database-state.js';
import { check, ORG, startService } from './harness.js';
import type { StoryResult } from './story.js';
import { nameOf, Transcript, who } from './transcript.js';

const P = 'DingTalk';
const STAFF: Record<string, string> = { e_zhangwei: 'staff_zhangwei', e_wangqiang: 'staff_wangqiang' };
const EMPLOYEE_OF = new Map(Object.entries(STAFF).map(([e, s]) => [s, e]));
const TEMPLATE = 'spend_card.demo';
export const DINGTALK_SENTENCE = '下周一去深圳出差，周三回，高铁';

interface CardCall {
  outTrackId: string;
  staffId: string;
  params: Record<string, string>;
  update: boolean;
}

/** `dtv1.card//IM_ROBOT.<staffId>` → the staff id. */
const staffOfSpace = (space: string) => space.replace(/^dtv1\.card\/\/IM_ROBOT\./, '');

export async function dingtalkStory(): Promise<StoryResult> {
  const fake = new DingTalkFake({ clientId: 'dingdemoclient', clientSecret: 'demo-client-secret' });
  const { url } = await fake.start();
  const svc = await startService(P, { DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_CARD_TEMPLATE_ID: TEMPLATE, DINGTALK_API_URL: url, DINGTALK_OAPI_URL: url }).catch(async (e: unknown) => {
    await fake.stop();
    throw e;
  });
  let stream: DingTalkStreamClient | undefined;
  try {
    await svc.link('dingtalk', 'user_id', STAFF);
    // As src/server.ts does in the default Stream mode: the channel connects out, no public URL.
    stream = startDingTalkStream({ ...svc.deps, orgId: ORG }, { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: url, mode: 'stream' }, { autoReconnect: false });
    await fake.gateway.waitForConnection();
    const t = new Transcript('DingTalk / 钉钉', [
      `The service (\`createApp\`, DingTalk switched on with \`DINGTALK_CLIENT_ID\`, \`DINGTALK_CLIENT_SECRET\`, \`DINGTALK_CARD_TEMPLATE_ID=${TEMPLATE}\`, and \`DINGTALK_API_URL\` set to the fake) runs in the default Stream mode. The real \`dingtalk-stream\` client got a ticket from \`POST /v1.0/gateway/connections/open\` and holds a WebSocket to the fake gateway on 127.0.0.1. Robot messages and card clicks arrive over that socket as CALLBACK frames, and the client answers each frame with an ACK.`,
      '',
      `People: ${who('e_zhangwei')} is staff id \`${STAFF.e_zhangwei}\`. ${who('e_wangqiang')}, his line manager, is \`${STAFF.e_wangqiang}\`. Each bot message below is a call that the fake Open API recorded: \`robot/oToMessages/batchSend\` for text, and \`card/instances/createAndDeliver\` or \`PUT card/instances\` for cards. A card is shown as the \`cardParamMap\` it carried, which holds the variables of the interactive card template.`,
    ]);

    let seq = 0;
    let seen = 0;
    const say = async (employeeId: string, text: string) => {
      const { ack } = await fake.pushRobotMessage({ senderStaffId: STAFF[employeeId]!, senderNick: nameOf(employeeId), text, msgId: `msgdemo${++seq}`, createAt: svc.clock.now().getTime() });
      check(P, ack.code === 200, `the robot message was acknowledged with code ${ack.code}: ${ack.raw}`);
      t.said(who(employeeId), text, `Stream CALLBACK \`/v1.0/im/bot/messages/get\` → ACK code ${ack.code}`);
    };
    const click = async (employeeId: string, card: CardCall, action: string) => {
      const value = card.params[`btn_${action}_value`] ?? '';
      const { ack } = await fake.pushCardCallback({ outTrackId: card.outTrackId, userId: STAFF[employeeId]!, actionIds: [`btn_${action}`], params: { t: value } });
      check(P, ack.code === 200, `the card callback was acknowledged with code ${ack.code}: ${ack.raw}`);
      const response = (ack.data as { response?: { cardData?: { cardParamMap?: Record<string, string> } } } | undefined)?.response;
      const message = response?.cardData?.cardParamMap?.message;
      t.line(`**Answer to the click** (Stream CALLBACK \`/v1.0/card/instances/callback\` → ACK code ${ack.code}): the card's \`message\` shows “${message ?? ''}”. The whole ACK response, which updates the clicked card by key at once:`);
      t.json('', response);
      // `updateCardDataByKey`: the keys in the answer replace those of the card the person clicked, the rest stay.
      const changed = response?.cardData?.cardParamMap;
      if (changed) t.show('', { platform: 'dingtalk', params: { ...card.params, ...changed }, update: true });
      return message;
    };
    /** Renders the Open API calls recorded since the last call, in order. */
    const flush = (): CardCall[] => {
      const calls: RecordedCall[] = fake.calls.slice(seen);
      seen = fake.calls.length;
      const out: CardCall[] = [];
      for (const c of calls) {
        if (c.route === 'oauth2.accessToken' || c.route === 'gateway.connections.open') continue;
        check(P, c.status === 200, `${c.route} was answered HTTP ${c.status}: ${JSON.stringify(c.response)}`);
        const b = c.body as { outTrackId?: string; openSpaceId?: string; cardTemplateId?: string; cardData?: { cardParamMap?: Record<string, string> }; userIds?: string[]; msgParam?: string; msgKey?: string };
        if (c.route === 'robot.oToMessages.batchSend') {
          const staffId = b.userIds?.[0] ?? '?';
          const content = (JSON.parse(b.msgParam ?? '{}') as { content?: string }).content ?? '';
          t.botText(who(EMPLOYEE_OF.get(staffId) ?? staffId), content, `\`POST /v1.0/robot/oToMessages/batchSend\` (\`${b.msgKey ?? ''}\`, userIds \`${(b.userIds ?? []).join(',')}\`)`);
        } else if (c.route === 'card.createAndDeliver' || c.route === 'card.update') {
          const update = c.route === 'card.update';
          const outTrackId = b.outTrackId ?? '';
          const staffId = update ? staffOfSpace(fake.cards.get(outTrackId)?.openSpaceId ?? '') : staffOfSpace(b.openSpaceId ?? '');
          const params = b.cardData?.cardParamMap ?? {};
          const to = who(EMPLOYEE_OF.get(staffId) ?? staffId);
          const caption = `“${params.title ?? '?'}” · ${params.status_text ?? ''}`;
          t.card(
            update
              ? `**bot updates ${to}'s card** · \`PUT /v1.0/card/instances\` \`${outTrackId}\` — ${caption}`
              : `**bot → ${to}** · \`POST /v1.0/card/instances/createAndDeliver\` (template \`${b.cardTemplateId ?? ''}\`, \`${b.openSpaceId ?? ''}\`) → \`${outTrackId}\` — ${caption}`,
            { platform: 'dingtalk', params, update },
          );
          out.push({ outTrackId, staffId, params, update });
        } else {
          t.line(`(the fake also recorded \`${c.method} ${c.path}\` → HTTP ${c.status})`);
        }
      }
      return out;
    };
    flush(); // the token and connection calls made while connecting

    // 1. The employee asks in one sentence.
    t.section(`${who('e_zhangwei')} asks for a trip`, svc.clock.now());
    t.narrate('张伟 writes to the Spendbot robot in a one-to-one chat.');
    await say('e_zhangwei', DINGTALK_SENTENCE);
    await svc.drain();
    const draft = flush().find((c) => !c.update && c.staffId === STAFF.e_zhangwei);
    check(P, draft && draft.params.btn_submit_value, 'no draft card with a Submit button was delivered to 张伟');

    // 2. Submit.
    svc.clock.advance(5 * 60_000);
    t.section(`${who('e_zhangwei')} submits the draft`, svc.clock.now());
    t.narrate('张伟 taps 提交 (Submit) on the draft card.');
    const submitted = await click('e_zhangwei', draft, 'submit');
    check(P, submitted && submitted.includes('已提交'), `submitting answered “${submitted ?? ''}”`);
    await svc.drain();
    const second = flush();
    check(P, second.some((c) => c.update && c.outTrackId === draft.outTrackId && c.params.btn_submit_value === ''), 'the draft card instance was not updated to its closed form');
    const approval = second.find((c) => !c.update && c.staffId === STAFF.e_wangqiang);
    check(P, approval && approval.params.btn_approve_value, 'no approval card with an Approve button was delivered to 王强');

    // 3. Approve.
    svc.clock.advance(15 * 60_000);
    t.section(`${who('e_wangqiang')} approves on the approval card`, svc.clock.now());
    t.narrate('王强 taps 同意 (Approve) on the approval card.');
    const approved = await click('e_wangqiang', approval, 'approve');
    check(P, approved && /已同意 张伟的出差申请 TR-\d{4}/.test(approved), `approving answered “${approved ?? ''}”`);
    await svc.drain();
    const third = flush();
    check(P, third.some((c) => c.update && c.outTrackId === approval.outTrackId && c.params.btn_approve_value === ''), 'the approver’s card instance was not updated without buttons');
    check(P, third.some((c) => !c.update && c.staffId === STAFF.e_zhangwei && c.params.kind === 'notice'), '张伟 was not notified of the outcome');

    await recordDatabaseState(svc, t, { platform: P, channel: 'dingtalk', status: 'approved' });
    return { platform: P, file: 'dingtalk.md', title: 'DingTalk / 钉钉', sentence: DINGTALK_SENTENCE, outcome: 'approved on the card', markdown: t.markdown(), ...t.report() };
  } catch (e) {
    throw svc.explain(e);
  } finally {
    stream?.disconnect();
    await svc.close();
    await fake.stop();
  }
}
