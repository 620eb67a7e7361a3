// Name resolution for outbound calls, injectable so tests can make any name (e.g. rebind.test) resolve to loopback.

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Every address a name resolves to; `undefined` when this runtime cannot resolve names at all, in which case callers
 * check literal IP hosts only. Rejects when the name does not resolve.
 */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[] | undefined>;

let dns: Promise<typeof import('node:dns') | undefined> | undefined;

/**
 * node:dns `lookup(all: true)`: the same resolution (hosts file included) the connection would use. Loaded lazily
 * because a Cloudflare Worker without nodejs_compat has no node:dns; there the answer is undefined (literal checks
 * only), and Cloudflare's own egress already keeps a Worker's fetch off private networks.
 */
export const systemResolver: Resolver = async (hostname) => {
  dns ??= import('node:dns').catch(() => undefined);
  const mod = await dns;
  if (!mod?.promises?.lookup) return undefined;
  const found = await mod.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};
