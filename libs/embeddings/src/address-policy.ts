import { BlockList, isIP } from 'node:net';

/** Where a fetch is about to connect: the resolved address (pinned for the connection) and port. */
export interface ConnectTarget {
  hostname: string;
  address: string;
  family: 4 | 6;
  port: number;
}

/** Decides whether a connection may go ahead: `undefined` allows it, a string is the refusal reason. */
export type AddressPolicy = (target: ConnectTarget) => string | undefined;

/** Ranges a user-supplied URL must never reach, each with the words the refusal uses. */
const REFUSED_V4: [string, number, string][] = [
  ['169.254.169.254', 32, 'a cloud metadata address'],
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const REFUSED_V6: [string, number, string][] = [
  ['fd00:ec2::254', 128, 'a cloud metadata address'],
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a discard-only address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

const blockLists = REFUSED_V4.map(([net, prefix, label]) => ({ list: subnet(net, prefix, 'ipv4'), label })).concat(
  REFUSED_V6.map(([net, prefix, label]) => ({ list: subnet(net, prefix, 'ipv6'), label })),
);

function subnet(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return list;
}

/**
 * Why an address is not a public unicast one (loopback, private, link-local, cloud metadata,
 * CGNAT, multicast, reserved, …), or `undefined` when it is public. IPv4-mapped IPv6
 * (`::ffff:10.0.0.1`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`) addresses are judged by the
 * IPv4 address they carry.
 */
export function nonPublicReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { list, label } of blockLists) if (list.check(address, type)) return label;
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) return nonPublicReason(embedded);
  }
  return undefined;
}

/** The default policy for URLs users send: public unicast addresses only, any port. */
export const publicAddressesOnly: AddressPolicy = ({ address }) => nonPublicReason(address);

/** The IPv4 address inside a NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:AABB:CCDD::`) address. */
function embeddedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const v4 = (hi = 0, lo = 0): string => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (handles `::` and a dotted IPv4 tail). */
function ipv6Words(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}
