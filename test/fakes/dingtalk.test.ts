// Conformance: the real dingtalk-stream DWClient (through bots/dingtalk/stream-client.ts) and plain fetch against the loopback DingTalk fake.
import type { DWClientDownStream } from 'dingtalk-stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { CARD_CALLBACK_TOPIC, DingTalkFake, ROBOT_MESSAGE_TOPIC, connectDwClient } from './dingtalk.js';

describe('DingTalk Stream gateway fake with the dingtalk-stream SDK', () => {
  let fake: DingTalkFake;
  let client: DingTalkStreamClient | undefined;

  beforeEach(async () => {
    // The SDK logs "connect success" / "Disconnecting." with console.info.
    vi.spyOn(console, 'info').mockImplementation(() => {});
    fake = new DingTalkFake();
    await fake.start();
  });

  afterEach(async () => {
    client?.disconnect();
    client = undefined;
    await fake.stop();
    vi.restoreAllMocks();
  });

  it('delivers a robot message to registerCallbackListener and records the ACK sent by socketCallBackResponse', async () => {
    const received: DWClientDownStream[] = [];
    client = await connectDwClient(fake, {
      setup: (c) =>
        c.registerCallbackListener(ROBOT_MESSAGE_TOPIC, (msg) => {
          received.push(msg);
          c.socketCallBackResponse(msg.headers.messageId, { handled: true });
        }),
    });

    const open = fake.callsTo('gateway.connections.open')[0]!;
    expect(open.headers.accept).toBe('application/json');
    expect(open.body).toMatchObject({ clientId: fake.clientId, subscriptions: expect.arrayContaining([{ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC }]) });

    const { ack, data } = await fake.pushRobotMessage({ senderStaffId: 'manager001', senderNick: '王经理', text: '出差申请 北京 3天' });
    expect(received).toHaveLength(1);
    expect(received[0]!.type).toBe('CALLBACK');
    expect(JSON.parse(received[0]!.data)).toEqual(data);
    expect(JSON.parse(received[0]!.data)).toMatchObject({ senderStaffId: 'manager001', conversationType: '1', text: { content: '出差申请 北京 3天' }, robotCode: fake.robotCode });
    expect(ack).toMatchObject({ code: 200, message: 'OK', messageId: received[0]!.headers.messageId, data: { response: { handled: true } } });
    expect(fake.gateway.acks).toHaveLength(1);
  });

  it('delivers a card callback and returns the card update the bot answered with', async () => {
    client = await connectDwClient(fake, {
      setup: (c) =>
        c.registerCallbackListener(CARD_CALLBACK_TOPIC, (msg) => {
          const data = JSON.parse(msg.data) as { content: string };
          const content = JSON.parse(data.content) as { cardPrivateData: { actionIds: string[] } };
          c.socketCallBackResponse(msg.headers.messageId, { cardData: { cardParamMap: { status: content.cardPrivateData.actionIds[0] } } });
        }),
    });
    const { ack } = await fake.pushCardCallback({ outTrackId: 'apr-1', userId: 'manager001', actionIds: ['approve'], params: { requestId: 'req-1' } });
    expect(ack.data).toEqual({ response: { cardData: { cardParamMap: { status: 'approve' } } } });
  });

  it('gets the SDK automatic ACK for EVENT frames and the echo for SYSTEM ping', async () => {
    const events: string[] = [];
    client = await connectDwClient(fake, {
      setup: (c) =>
        c.registerAllEventListener((msg) => {
          events.push(msg.headers.eventType ?? '');
          return { status: 'SUCCESS' as never };
        }),
    });
    const ack = await fake.pushEvent('org_dept_create', { deptId: [1] });
    expect(events).toEqual(['org_dept_create']);
    expect(ack.data).toEqual({ status: 'SUCCESS' });
    const pong = await fake.ping();
    expect(pong.code).toBe(200);
    expect(pong.data).toEqual(JSON.parse(fake.gateway.pushed.at(-1)!.data));
  });

  it('refuses to push a callback nobody subscribed to, and times out when the bot never ACKs', async () => {
    client = await connectDwClient(fake, { setup: (c) => c.registerCallbackListener(ROBOT_MESSAGE_TOPIC, () => {}) });
    await expect(fake.pushCardCallback({ outTrackId: 'x', userId: 'u' })).rejects.toThrow(/no open Stream connection subscribed/);
    const slow = new DingTalkFake({ ackTimeoutMs: 100 });
    await slow.start();
    const silent = await connectDwClient(slow, { setup: (c) => c.registerCallbackListener(ROBOT_MESSAGE_TOPIC, () => {}) });
    try {
      await expect(slow.pushRobotMessage({ senderStaffId: 'u1', text: 'hi' })).rejects.toThrow(/no ACK/);
    } finally {
      silent.disconnect();
      await slow.stop();
    }
  });

  it('refuses a connection with wrong credentials', async () => {
    await expect(connectDwClient(fake, { clientSecret: 'wrong' })).rejects.toThrow(/did not connect/);
    expect(fake.callsTo('gateway.connections.open')[0]!.status).toBe(401);
  });
});

describe('DingTalk Open API fake over HTTP', () => {
  let fake: DingTalkFake;
  beforeEach(async () => {
    fake = new DingTalkFake();
    await fake.start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { 'x-acs-dingtalk-access-token': token } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('issues a token, creates and delivers a card, updates it, and sends a 1:1 message', async () => {
    const token = await call('POST', '/v1.0/oauth2/accessToken', { appKey: fake.clientId, appSecret: fake.clientSecret });
    expect(token.body).toEqual({ accessToken: fake.accessToken, expireIn: 7200 });
    const t = token.body.accessToken as string;

    const created = await call(
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      { cardTemplateId: 'tpl.schema', outTrackId: 'apr-1', cardData: { cardParamMap: { status: 'pending' } }, callbackType: 'STREAM', openSpaceId: 'dtv1.card//IM_ROBOT.manager001', imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' }, userIdType: 1 },
      t,
    );
    expect(created.body).toMatchObject({ success: true, result: { outTrackId: 'apr-1', deliverResults: [{ spaceType: 'IM_ROBOT', spaceId: 'manager001', success: true }] } });
    const dup = await call('POST', '/v1.0/card/instances/createAndDeliver', { cardTemplateId: 'tpl.schema', outTrackId: 'apr-1', openSpaceId: 'dtv1.card//IM_ROBOT.manager001' }, t);
    expect(dup.status).toBe(400);

    await call('PUT', '/v1.0/card/instances', { outTrackId: 'apr-1', cardData: { cardParamMap: { status: 'approved' } }, cardUpdateOptions: { updateCardDataByKey: true } }, t);
    expect(fake.cards.get('apr-1')!.params).toEqual({ status: 'approved' });

    const sent = await call('POST', '/v1.0/robot/oToMessages/batchSend', { robotCode: fake.robotCode, userIds: ['manager001'], msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: 't', text: 'x' }) }, t);
    expect(sent.body.processQueryKey).toBeTruthy();
    expect(fake.robotMessages).toHaveLength(1);
  });

  it('refuses a missing or revoked token with 401 InvalidAuthentication', async () => {
    expect((await call('PUT', '/v1.0/card/instances', { outTrackId: 'x' })).body.code).toBe('InvalidAuthentication');
    const t = fake.accessToken;
    fake.expireTokens();
    expect((await call('PUT', '/v1.0/card/instances', { outTrackId: 'x' }, t)).status).toBe(401);
  });
});
