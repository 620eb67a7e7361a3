// DingTalk Stream mode: the SDK's long connection delivers robot messages and card callbacks, handled like the HTTP
// ones. Its own module because the dingtalk-stream SDK takes a noticeable part of a second to load: the service imports
// it only when Stream mode is configured.
import { dingtalkCardClick, dingtalkMessage } from '../../../bots/dingtalk/dingtalk.normalize.js';
import { DingTalkStreamClient } from '../../../bots/dingtalk/stream-client.js';
import { CARD_TOPIC, onDingTalkClick, onDingTalkMessage, ROBOT_TOPIC, type DingTalkChannelDeps, type DingTalkChannelSettings } from './dingtalk.js';

/** Stream mode: connects and listens; returns the client so the caller can close it on shutdown. */
export function startDingTalkStream(deps: DingTalkChannelDeps, s: DingTalkChannelSettings, opts: { autoReconnect?: boolean } = {}): DingTalkStreamClient {
  const client = new DingTalkStreamClient({ clientId: s.clientId, clientSecret: s.clientSecret, apiBaseUrl: s.apiUrl, ...(opts.autoReconnect === undefined ? {} : { autoReconnect: opts.autoReconnect }) });
  const parse = (data: string): Record<string, unknown> => {
    try {
      return JSON.parse(data) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  // CALLBACK frames are not acknowledged by the SDK: each must be answered with socketCallBackResponse.
  client.registerCallbackListener(ROBOT_TOPIC, (frame) => {
    const m = dingtalkMessage(parse(frame.data));
    const done = m ? onDingTalkMessage(deps, m) : Promise.resolve();
    void done
      .catch((e: unknown) => deps.log.error('dingtalk message failed', { error: e }))
      .finally(() => client.socketCallBackResponse(frame.headers.messageId, {}));
  });
  client.registerCallbackListener(CARD_TOPIC, (frame) => {
    const click = dingtalkCardClick(parse(frame.data));
    void (click ? onDingTalkClick(deps, click) : Promise.resolve({}))
      .catch((e: unknown) => {
        deps.log.error('dingtalk card callback failed', { error: e });
        return {};
      })
      .then((response) => client.socketCallBackResponse(frame.headers.messageId, response));
  });
  void client.connect();
  return client;
}
