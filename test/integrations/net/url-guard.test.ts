import { describe, expect, it } from 'vitest';
import { internalRange, parseIpv6 } from '../../../src/integrations/net/ip-ranges.js';
import { checkOutboundUrl, checkUrlShape, parseAllowHost, type OutboundPolicy } from '../../../src/integrations/net/url-guard.js';
import type { Resolver } from '../../../src/integrations/net/resolver.js';
import { loadConfig } from '../../../src/config.js';

// Names resolve only through this table: the tests never reach real DNS.
const names: Record<string, string[]> = {
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebind.test': ['127.0.0.1'],
  'mixed.test': ['93.184.215.14', '10.0.0.7'],
  'metadata.test': ['169.254.169.254'],
  'v6local.test': ['fd12:3456::1'],
};
const resolve: Resolver = async (h) => {
  const found = names[h];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const policy: OutboundPolicy = { allowHosts: [], resolve };

describe('internal address table', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared address space (CGNAT)'],
    ['100.127.255.255', 'shared address space (CGNAT)'],
    ['169.254.10.20', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
  ])('%s is %s', (ip, range) => {
    expect(internalRange(ip)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped, dotted
    ['::ffff:7f00:1', 'loopback'], // IPv4-mapped, hex
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'], // IPv4-compatible (deprecated)
    ['::7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'], // NAT64 of a private address
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b:1::1', 'private'], // local-use NAT64 prefix
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo, client 127.0.0.1 (inverted)
  ])('IPv6 form %s embeds a %s address', (ip, range) => {
    expect(internalRange(ip)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::8.8.8.8', '::ffff:8.8.8.8', '2002:808:808::1'])(
    '%s is public',
    (ip) => {
      expect(internalRange(ip)).toBeUndefined();
    },
  );

  it('counts anything that does not parse as an IP as internal (refusing is the safe answer)', () => {
    expect(internalRange('1::2::3')).toBe('reserved');
    expect(internalRange('not-an-ip')).toBe('reserved');
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});

describe('outbound URL shape', () => {
  const refused = (url: string) => {
    const r = checkUrlShape(url, policy);
    return r.ok ? undefined : r.error;
  };

  it.each([
    ['http://2130706433/', '127.0.0.1'], // decimal
    ['https://0x7f.1/', '127.0.0.1'], // hex with a short form
    ['https://017700000001/', '127.0.0.1'], // octal
    ['https://0177.0.0.1/', '127.0.0.1'],
    ['https://127.1/', '127.0.0.1'],
    ['https://0xa9fea9fe/latest/meta-data/', '169.254.169.254'],
    ['https://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['https://[::1]:8443/', '[::1]'],
    ['https://[fd00:ec2::254]/', '[fd00:ec2::254]'],
  ])('refuses %s (the URL parser reads the host as %s)', (url, host) => {
    expect(new URL(url).hostname).toBe(host);
    expect(refused(url)).toMatchObject(url.startsWith('http:') ? { rule: 'not-https' } : { rule: 'internal' });
  });

  it('refuses plain http, other schemes and credentials, naming the rule', () => {
    expect(refused('http://hooks.example.com/x')).toMatchObject({ rule: 'not-https', message: expect.stringContaining('https') });
    expect(refused('ftp://hooks.example.com/x')).toMatchObject({ rule: 'not-https' });
    expect(refused('file:///etc/passwd')).toMatchObject({ rule: 'not-https' });
    expect(refused('https://user:pass@hooks.example.com/x')).toMatchObject({ rule: 'credentials' });
    expect(refused('https://user@hooks.example.com/x')).toMatchObject({ rule: 'credentials' });
    expect(refused('not a url')).toMatchObject({ rule: 'invalid' });
  });

  it('refuses localhost by name, whatever DNS would say', () => {
    expect(refused('https://localhost/hook')).toMatchObject({ rule: 'internal', range: 'loopback' });
    expect(refused('https://api.localhost/hook')).toMatchObject({ rule: 'internal' });
  });

  it('accepts https to a public literal address or a name (names are checked after DNS)', () => {
    expect(refused('https://93.184.215.14/hook')).toBeUndefined();
    expect(refused('https://[2606:4700:4700::1111]/hook')).toBeUndefined();
    expect(refused('https://rebind.test/hook')).toBeUndefined();
  });

  it('lets an allow-listed host use http and reach loopback, on its port only when one is given', () => {
    const dev: OutboundPolicy = { allowHosts: ['127.0.0.1:9000', 'fake.local'], resolve };
    expect(checkUrlShape('http://127.0.0.1:9000/hook', dev)).toMatchObject({ ok: true, value: { allowListed: true } });
    expect(checkUrlShape('http://127.0.0.1:9001/hook', dev)).toMatchObject({ ok: false, error: { rule: 'not-https' } });
    expect(checkUrlShape('https://127.0.0.1:9001/hook', dev)).toMatchObject({ ok: false, error: { rule: 'internal' } });
    expect(checkUrlShape('http://fake.local:1234/hook', dev)).toMatchObject({ ok: true, value: { allowListed: true } });
    // Credentials stay refused even for an allow-listed host.
    expect(checkUrlShape('http://u:p@fake.local/hook', dev)).toMatchObject({ ok: false, error: { rule: 'credentials' } });
  });
});

describe('outbound URL registration check (after DNS)', () => {
  it('refuses a name that resolves to loopback, without echoing the address', async () => {
    const r = await checkOutboundUrl('https://rebind.test/hook', policy);
    expect(r).toMatchObject({ ok: false, error: { rule: 'internal', range: 'loopback' } });
    expect(r.ok ? '' : r.error.message).not.toContain('127.0.0.1');
  });

  it('refuses a name when ANY of its addresses is internal', async () => {
    expect(await checkOutboundUrl('https://mixed.test/hook', policy)).toMatchObject({ ok: false, error: { rule: 'internal', range: 'private' } });
    expect(await checkOutboundUrl('https://metadata.test/', policy)).toMatchObject({ ok: false, error: { range: 'cloud metadata' } });
    expect(await checkOutboundUrl('https://v6local.test/', policy)).toMatchObject({ ok: false, error: { range: 'unique-local' } });
  });

  it('refuses a name that does not resolve', async () => {
    expect(await checkOutboundUrl('https://nowhere.test/hook', policy)).toMatchObject({ ok: false, error: { rule: 'unresolvable' } });
  });

  it('accepts a name whose every address is public', async () => {
    const r = await checkOutboundUrl('https://hooks.example.com/hook?x=1', policy);
    expect(r.ok && r.value.href).toBe('https://hooks.example.com/hook?x=1');
  });

  it('checks literal addresses only where the runtime cannot resolve names', async () => {
    const noDns: OutboundPolicy = { allowHosts: [], resolve: async () => undefined };
    expect((await checkOutboundUrl('https://rebind.test/hook', noDns)).ok).toBe(true);
    expect(await checkOutboundUrl('https://10.0.0.1/hook', noDns)).toMatchObject({ ok: false, error: { rule: 'internal' } });
  });
});

describe('WEBHOOK_ALLOW_HOSTS', () => {
  it('normalises host and host:port entries the way the URL parser does', () => {
    expect(parseAllowHost('127.0.0.1:9000')).toBe('127.0.0.1:9000');
    expect(parseAllowHost('Fake.Local')).toBe('fake.local');
    expect(parseAllowHost('[::1]:8080')).toBe('[::1]:8080');
    expect(parseAllowHost('::1')).toBe('[::1]');
    expect(parseAllowHost('2130706433')).toBe('127.0.0.1');
    expect(parseAllowHost('http://x')).toBeUndefined();
    expect(parseAllowHost('host:99999')).toBeUndefined();
  });

  it('is parsed by the configuration, and a malformed entry stops start-up', () => {
    expect(loadConfig({}).WEBHOOK_ALLOW_HOSTS).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1:9000, fake.local' }).WEBHOOK_ALLOW_HOSTS).toEqual(['127.0.0.1:9000', 'fake.local']);
    expect(() => loadConfig({ WEBHOOK_ALLOW_HOSTS: 'ok.local,http://bad/' })).toThrow(/WEBHOOK_ALLOW_HOSTS: not a host or host:port: http:\/\/bad\//);
  });
});
