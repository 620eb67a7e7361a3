// The dingtalk-stream DWClient with a configurable Open API base URL (DINGTALK_API_URL), so the Stream gateway can be a proxy or a test fake.
import { DWClient } from 'dingtalk-stream';

export const DINGTALK_API_URL = 'https://api.dingtalk.com';

export interface DingTalkStreamClientOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Open API base, e.g. `https://api.dingtalk.com` (default) or `http://127.0.0.1:PORT` for a fake. */
  readonly apiBaseUrl?: string;
  readonly ua?: string;
  readonly keepAlive?: boolean;
  readonly debug?: boolean;
  /** The SDK reconnects forever by default; tests turn this off so nothing outlives them. */
  readonly autoReconnect?: boolean;
}

interface GatewayAnswer {
  endpoint?: unknown;
  ticket?: unknown;
}

/**
 * DWClient whose `getEndpoint()` asks `${apiBaseUrl}/v1.0/gateway/connections/open` instead of the SDK's hard-coded
 * GATEWAY_URL. Everything else (frames, pings, callbacks, `socketCallBackResponse`) is the SDK's own code.
 */
export class DingTalkStreamClient extends DWClient {
  readonly apiBaseUrl: string;

  constructor(opts: DingTalkStreamClientOptions) {
    super({
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      ...(opts.ua === undefined ? {} : { ua: opts.ua }),
      ...(opts.keepAlive === undefined ? {} : { keepAlive: opts.keepAlive }),
      ...(opts.debug === undefined ? {} : { debug: opts.debug }),
    });
    this.apiBaseUrl = (opts.apiBaseUrl ?? DINGTALK_API_URL).replace(/\/+$/, '');
    // The SDK shallow-copies a module-level default, so every DWClient shares one `subscriptions` array and
    // registerCallbackListener on one client subscribes all of them. Give this client its own.
    this.config.subscriptions = [{ type: 'EVENT', topic: '*' }];
    if (opts.autoReconnect !== undefined) this.config.autoReconnect = opts.autoReconnect;
  }

  /** Opens a connection ticket exactly as the SDK does (same body and Accept header), against the configured base URL. */
  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.apiBaseUrl}/v1.0/gateway/connections/open`, {
      method: 'POST',
      // Without Accept: application/json the gateway answers XML.
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
    });
    if (!res.ok) throw new Error(`DingTalk gateway answered HTTP ${res.status}`);
    const body = (await res.json()) as GatewayAnswer;
    if (typeof body.endpoint !== 'string' || typeof body.ticket !== 'string' || !body.endpoint || !body.ticket) {
      throw new Error('DingTalk gateway answered without endpoint or ticket');
    }
    // `dw_url` is private in the SDK's typings but is what `_connect()` dials.
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }
}
