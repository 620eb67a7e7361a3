// The one check for every outbound URL a customer or organisation can configure (webhooks now; supplier, bank, ERP and
// SMS endpoints when they become per-organisation): https only, no credentials, never an internal address.
import { err, ok, type Result } from '../../../domain/shared/index.js';
import { internalRange, isIpLiteral, type InternalRange } from './ip-ranges.js';
import { systemResolver, type ResolvedAddress, type Resolver } from './resolver.js';

/** Which rule refused a URL; routes map it to their own error code (e.g. WEBHOOK.URL_INTERNAL). */
export type OutboundRule = 'invalid' | 'not-https' | 'credentials' | 'internal' | 'unresolvable';

export interface OutboundRefusal {
  rule: OutboundRule;
  /** A sentence naming the rule, safe to show to the caller who supplied the URL. */
  message: string;
  /** For 'internal': the offending address and its range. */
  address?: string;
  range?: InternalRange;
}

export interface OutboundPolicy {
  /**
   * Normalised `host` or `host:port` entries (see `parseAllowHost`) that may use http and reach internal addresses:
   * development and tests reaching local fakes. Operator configuration, never organisation input.
   */
  allowHosts: readonly string[];
  /** Resolves names; by default node:dns. */
  resolve?: Resolver | undefined;
}

/** A checked URL, and whether its host is on the allow list (then the address checks are skipped). */
export interface CheckedUrl {
  url: URL;
  allowListed: boolean;
}

/**
 * Normalises one WEBHOOK_ALLOW_HOSTS entry (`host`, `host:port`, `[v6]:port` or a bare IPv6 address) to the form
 * `allowListed` compares: the URL parser's hostname, plus `:port` when one was given. Undefined when malformed.
 */
export function parseAllowHost(entry: string): string | undefined {
  const e = entry.trim();
  const bracketed = !e.startsWith('[') && (e.match(/:/g) ?? []).length > 1 ? `[${e}]` : e;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:/?#@[\]\s]+)(?::(\d{1,5}))?$/.exec(bracketed);
  if (!m) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${m[1]}`).hostname;
  } catch {
    return undefined;
  }
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return port === undefined ? hostname : `${hostname}:${port}`;
}

const effectivePort = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');

function allowListed(u: URL, allowHosts: readonly string[]): boolean {
  return allowHosts.includes(u.hostname) || allowHosts.includes(`${u.hostname}:${effectivePort(u)}`);
}

const refusal = (rule: OutboundRule, message: string, extra: Partial<OutboundRefusal> = {}): OutboundRefusal => ({ rule, message, ...extra });

/** Refuses an internal address, naming its range; undefined when the address is public. */
export function checkAddress(address: string): OutboundRefusal | undefined {
  const range = internalRange(address);
  if (!range) return undefined;
  return refusal('internal', `the address ${address} is ${range}; outbound calls may only reach public addresses`, { address, range });
}

/** Refuses when any of the addresses a name resolved to is internal (one internal answer is enough to rebind to). */
export function checkResolved(hostname: string, addresses: readonly ResolvedAddress[]): OutboundRefusal | undefined {
  for (const a of addresses) {
    const r = checkAddress(a.address);
    // The message names the range, not the address: echoing it would let a caller map internal DNS through us.
    if (r) return { ...r, message: `${hostname} resolves to an internal address (${r.range}); outbound calls may only reach public addresses` };
  }
  return undefined;
}

/**
 * Checks what can be checked without the network: the URL parses, is https (http only for allow-listed hosts),
 * carries no user:password, and a literal IP host (in any form the URL parser accepts: 2130706433, 0x7f.1,
 * [::ffff:7f00:1]) is public. Names are left to `checkOutboundUrl` and to the connection's own lookup.
 */
export function checkUrlShape(raw: string, policy: OutboundPolicy): Result<CheckedUrl, OutboundRefusal> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err(refusal('invalid', 'the URL does not parse'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err(refusal('not-https', `the URL must use https, not ${url.protocol.slice(0, -1)}`));
  if (url.username !== '' || url.password !== '') return err(refusal('credentials', 'the URL must not carry a user name or password; authenticate with the signature instead'));
  const listed = allowListed(url, policy.allowHosts);
  if (url.protocol === 'http:' && !listed) return err(refusal('not-https', 'the URL must use https (http is only allowed for hosts in WEBHOOK_ALLOW_HOSTS)'));
  if (listed) return ok({ url, allowListed: true });
  if (isIpLiteral(url.hostname)) {
    const r = checkAddress(url.hostname);
    if (r) return err(r);
  } else if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === 'localhost.') {
    // RFC 6761: these names are loopback whatever DNS says; refused by name so runtimes without DNS refuse them too.
    return err(refusal('internal', `${url.hostname} is loopback; outbound calls may only reach public addresses`, { range: 'loopback' }));
  }
  return ok({ url, allowListed: false });
}

/**
 * The check for registering an outbound URL: `checkUrlShape`, then the name is resolved and refused if ANY address is
 * internal or it does not resolve. Deliveries check again at connect time (see `postOutbound`), since DNS can change.
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<Result<URL, OutboundRefusal>> {
  const shape = checkUrlShape(raw, policy);
  if (!shape.ok) return shape;
  const { url, allowListed: listed } = shape.value;
  if (listed || isIpLiteral(url.hostname)) return ok(url);
  let addresses: ResolvedAddress[] | undefined;
  try {
    addresses = await (policy.resolve ?? systemResolver)(url.hostname);
  } catch {
    return err(refusal('unresolvable', `${url.hostname} does not resolve`));
  }
  if (addresses === undefined) return ok(url); // no DNS in this runtime: the literal checks above are all we can do
  if (addresses.length === 0) return err(refusal('unresolvable', `${url.hostname} does not resolve`));
  const r = checkResolved(url.hostname, addresses);
  return r ? err(r) : ok(url);
}
