/**
 * Which IP addresses a team webhook may reach. A webhook is a request the server makes to an
 * address an admin typed: pointed inside the network (the cloud's metadata service at
 * 169.254.169.254, a database on 10.0.0.5, the server's own loopback), it would let a team admin
 * probe or call what only the server can reach. So only public unicast addresses are allowed;
 * loopback only when the deployment says so (CONFIDE_WEBHOOK_ALLOW_LOOPBACK, for tests and a
 * bridge on the same machine).
 *
 * IPv6 is judged by an allow-list (global unicast, 2000::/3, minus the ranges below), IPv4 by a
 * block-list of every special-purpose range IANA lists; an IPv4 address mapped into IPv6
 * (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
 */
import { BlockList, isIP } from 'node:net';

export type AddressVerdict = 'public' | 'loopback' | 'private' | 'link_local' | 'reserved';

interface Range {
  readonly network: string;
  readonly prefix: number;
  readonly verdict: Exclude<AddressVerdict, 'public'>;
}

const IPV4_RANGES: readonly Range[] = [
  { network: '0.0.0.0', prefix: 8, verdict: 'reserved' }, // "this network", the unspecified address
  { network: '10.0.0.0', prefix: 8, verdict: 'private' },
  { network: '100.64.0.0', prefix: 10, verdict: 'private' }, // carrier-grade NAT
  { network: '127.0.0.0', prefix: 8, verdict: 'loopback' },
  { network: '169.254.0.0', prefix: 16, verdict: 'link_local' }, // cloud metadata services live here
  { network: '172.16.0.0', prefix: 12, verdict: 'private' },
  { network: '192.0.0.0', prefix: 24, verdict: 'reserved' }, // IETF protocol assignments
  { network: '192.0.2.0', prefix: 24, verdict: 'reserved' }, // documentation
  { network: '192.88.99.0', prefix: 24, verdict: 'reserved' }, // 6to4 relays
  { network: '192.168.0.0', prefix: 16, verdict: 'private' },
  { network: '198.18.0.0', prefix: 15, verdict: 'reserved' }, // benchmarking
  { network: '198.51.100.0', prefix: 24, verdict: 'reserved' }, // documentation
  { network: '203.0.113.0', prefix: 24, verdict: 'reserved' }, // documentation
  { network: '224.0.0.0', prefix: 4, verdict: 'reserved' }, // multicast
  { network: '240.0.0.0', prefix: 4, verdict: 'reserved' }, // reserved, and the broadcast address
];

/** Inside 2000::/3 (the only IPv6 unicast space in use) but not public. */
const IPV6_RANGES: readonly Range[] = [
  { network: '2001::', prefix: 23, verdict: 'reserved' }, // IETF assignments, Teredo among them
  { network: '2001:db8::', prefix: 32, verdict: 'reserved' }, // documentation
  { network: '2002::', prefix: 16, verdict: 'reserved' }, // 6to4: an IPv4 address inside
  { network: '3fff::', prefix: 20, verdict: 'reserved' }, // documentation
];

function blockList(
  ranges: readonly Range[],
  family: 'ipv4' | 'ipv6',
): (address: string) => Range | undefined {
  const lists = ranges.map((range) => {
    const list = new BlockList();
    list.addSubnet(range.network, range.prefix, family);
    return { range, list };
  });
  return (address) => lists.find(({ list }) => list.check(address, family))?.range;
}

const ipv4Range = blockList(IPV4_RANGES, 'ipv4');
const ipv6Range = blockList(IPV6_RANGES, 'ipv6');
const ipv6Outside = blockList(
  [
    { network: '::1', prefix: 128, verdict: 'loopback' },
    { network: 'fe80::', prefix: 10, verdict: 'link_local' },
    { network: 'fc00::', prefix: 7, verdict: 'private' }, // unique local addresses
  ],
  'ipv6',
);
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:xxxx). */
function mappedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] !== undefined && isIP(dotted[1]) === 4) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** What kind of address this is, for a webhook. Anything that is not an IP address is 'reserved'. */
export function classifyAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 4) return ipv4Range(address)?.verdict ?? 'public';
  if (family !== 6 || address.includes('%')) return 'reserved';
  const v4 = mappedIpv4(address);
  if (v4 !== undefined) return classifyAddress(v4);
  const special = ipv6Outside(address);
  if (special !== undefined) return special.verdict;
  // Everything else outside 2000::/3: the unspecified address, multicast, NAT64, site-local…
  if (!globalUnicast.check(address, 'ipv6')) return 'reserved';
  return ipv6Range(address)?.verdict ?? 'public';
}

/** Why a webhook may not go to this address, in words for an admin; undefined when it may. */
export function refusedAddress(address: string, allowLoopback: boolean): string | undefined {
  const verdict = classifyAddress(address);
  switch (verdict) {
    case 'public':
      return undefined;
    case 'loopback':
      return allowLoopback ? undefined : `${address} is this server's own loopback address`;
    case 'private':
      return `${address} is a private network address`;
    case 'link_local':
      return `${address} is a link-local address`;
    case 'reserved':
      return `${address} is a reserved address (unspecified, multicast, documentation or special-purpose)`;
  }
}
