// DingTalk Stream mode: the SDK's long connection delivers robot messages and card callbacks, handled like the HTTP
// ones. Its own module because the dingtalk-stream SDK takes a noticeable part of a second to load: the service imports
// it only when Stream mode is configured.
import { dingtalkInbound } from '../../bots/dingtalk/dingtalk.normalize.js';
import { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { CARD_TOPIC, onDingTalkInbound, ROBOT_TOPIC, type DingTalkChannelDeps, type DingTalkChannelSettings } from './dingtalk.js';

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
  // CALLBACK frames are not acknowledged by the SDK: each is answered with socketCallBackResponse once handled (a few
  // queries: nothing on this path calls the DingTalk API). A failure is answered too, with nothing to show.
  const listen = (topic: string, what: string) =>
    client.registerCallbackListener(topic, (frame) => {
      void onDingTalkInbound(deps, dingtalkInbound(parse(frame.data)))
        .catch((e: unknown) => {
          deps.log.error(`dingtalk ${what} failed`, { error: e });
          return {};
        })
        .then((response) => client.socketCallBackResponse(frame.headers.messageId, response));
    });
  listen(ROBOT_TOPIC, 'message');
  listen(CARD_TOPIC, 'card callback');
  void client.connect();
  return client;
}
