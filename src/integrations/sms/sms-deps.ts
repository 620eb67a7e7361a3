// What the composition root hands every SMS adapter besides its provider config.
import type { Logger } from '../../log.js';
import type { OutboundPolicy } from '../net/url-guard.js';

export interface SmsDeps {
  /** The outbound URL policy; tests allow-list their loopback fake here. */
  policy: OutboundPolicy;
  /** Each send is logged with the number masked (never the parameters: they carry names and one-time links). */
  logger?: Logger;
  /** The clock in ms; tests pin it so signatures and expiry checks agree with the fakes. */
  now?: () => number;
  /** Aliyun's SignatureNonce; default a random UUID. */
  nonce?: () => string;
}
