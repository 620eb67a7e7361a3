// Which IP addresses an outbound call must never reach: loopback, private, link-local, metadata and other special ranges.
// Pure (no node: imports), so it runs unchanged on Node and on Cloudflare Workers.

/** Why an address counts as internal; named in refusals so an operator can see which rule applied. */
export type InternalRange =
  | 'loopback'
  | 'private'
  | 'shared address space (CGNAT)'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'unique-local'
  | 'cloud metadata'
  | 'reserved';

interface Cidr {
  bytes: number[];
  bits: number;
  range: InternalRange;
}

/** IPv4 special-purpose ranges (IANA registry). Order matters: the first match names the range. */
const V4: [string, number, InternalRange][] = [
  ['169.254.169.254', 32, 'cloud metadata'], // AWS, GCP, Azure, OpenStack
  ['100.100.100.200', 32, 'cloud metadata'], // Alibaba Cloud
  ['192.0.0.192', 32, 'cloud metadata'], // Oracle Cloud
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 connects to the local host on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation
  ['203.0.113.0', 24, 'reserved'], // documentation
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 ranges with no IPv4 inside; the forms that embed one are handled by `embeddedV4`. */
const V6: [string, number, InternalRange][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'cloud metadata'], // AWS IMDS over IPv6
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64: translates into the operator's own network
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'reserved'], // documentation
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local, still routed by some stacks
  ['ff00::', 8, 'multicast'],
];

/** Parses a dotted-quad IPv4 address (exactly four decimal parts, as the URL parser and DNS produce). */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Parses an IPv6 address (with `::`, an IPv4 tail or a `%zone`) into 16 bytes; brackets are accepted. */
export function parseIpv6(input: string): number[] | undefined {
  let s = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return undefined;
  // An IPv4 tail (::ffff:127.0.0.1) becomes the two hex groups it stands for (::ffff:7f00:1).
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const words = [...head, ...Array<string>(8 - given).fill('0'), ...rest].map((g) => parseInt(g, 16));
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const cidr = (parse: (s: string) => number[] | undefined) => ([addr, bits, range]: [string, number, InternalRange]): Cidr => ({ bytes: parse(addr)!, bits, range });
const V4_TABLE = V4.map(cidr(parseIpv4));
const V6_TABLE = V6.map(cidr(parseIpv6));

function inCidr(bytes: number[], c: Cidr): boolean {
  for (let bit = 0; bit < c.bits; bit += 8) {
    const i = bit / 8;
    const take = Math.min(8, c.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}

const zeros = (b: number[], from: number, to: number) => b.slice(from, to).every((x) => x === 0);

/**
 * The IPv4 address an IPv6 address carries, for the forms a host stack or gateway turns back into IPv4:
 * mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and
 * Teredo (2001:0::, client address inverted in the last 32 bits).
 */
function embeddedV4(b: number[]): number[] | undefined {
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12);
  if (zeros(b, 0, 12)) return b.slice(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(b, 4, 12)) return b.slice(12);
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return b.slice(12).map((x) => x ^ 0xff);
  return undefined;
}

function classifyV4(b: number[]): InternalRange | undefined {
  return V4_TABLE.find((c) => inCidr(b, c))?.range;
}

/**
 * The internal range an IP address (v4 dotted quad or v6, brackets allowed) falls in, or undefined for a public
 * address. Anything that does not parse as an IP counts as 'reserved': refusing is the safe answer.
 */
export function internalRange(ip: string): InternalRange | undefined {
  const v4 = parseIpv4(ip);
  if (v4) return classifyV4(v4);
  const v6 = parseIpv6(ip);
  if (!v6) return 'reserved';
  const direct = V6_TABLE.find((c) => inCidr(v6, c))?.range;
  if (direct) return direct;
  const inner = embeddedV4(v6);
  return inner ? classifyV4(inner) : undefined;
}

/** Whether `host` (a URL hostname, IPv6 in brackets) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== undefined || parseIpv6(host) !== undefined;
}
