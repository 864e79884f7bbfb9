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
// Ranges that carry an IPv4 address (mapped, translated, compatible, NAT64 /96, 6to4, Teredo) are
// not listed: they are judged by the IPv4 address they carry (see embeddedIpv4).
const REFUSED_V6: [string, number, string][] = [
  ['fd00:ec2::254', 128, 'a cloud metadata address'],
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a discard-only address'],
  // RFC 8215: local-use NAT64 prefixes may put the IPv4 address at any of six positions (/48–/96),
  // so an embedded address cannot be read reliably; the block is never public anyway.
  ['64:ff9b:1::', 48, 'a local-use NAT64 address'],
  ['2001:2::', 48, 'a benchmarking address'],
  ['2001:10::', 28, 'an ORCHID address'],
  ['2001:20::', 28, 'an ORCHIDv2 address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
  ['5f00::', 16, 'a segment-routing (SRv6) address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

const v4Lists = REFUSED_V4.map(([net, prefix, label]) => ({ list: subnet(net, prefix, 'ipv4'), label }));
const v6Lists = REFUSED_V6.map(([net, prefix, label]) => ({ list: subnet(net, prefix, 'ipv6'), label }));

function subnet(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return list;
}

/**
 * Why an address is not a public unicast one (loopback, private, link-local, cloud metadata,
 * CGNAT, multicast, reserved, …), or `undefined` when it is public.
 *
 * IPv6 addresses are parsed into their eight words first (every spelling: `::` anywhere, leading
 * zeros, a dotted IPv4 tail, upper case, a `%zone`), so an IPv4 address hidden inside one is found
 * however it is written, and judged as that IPv4 address: IPv4-mapped `::ffff:0:0/96`,
 * IPv4-translated `::ffff:0:0:0/96`, IPv4-compatible `::/96`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16` and Teredo `2001::/32` (server and client). Anything that does not parse is refused.
 */
export function nonPublicReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return v4Reason(address);
  if (family !== 6) return 'not an IP address';
  const words = ipv6Words(address);
  if (!words) return 'not an IP address';
  const canonical = words.map((w) => w.toString(16)).join(':');
  for (const { list, label } of v6Lists) if (list.check(canonical, 'ipv6')) return label;
  for (const embedded of embeddedIpv4(words)) {
    const reason = v4Reason(embedded);
    if (reason) return reason;
  }
  return undefined;
}

/** The default policy for URLs users send: public unicast addresses only, any port. */
export const publicAddressesOnly: AddressPolicy = ({ address }) => nonPublicReason(address);

function v4Reason(address: string): string | undefined {
  for (const { list, label } of v4Lists) if (list.check(address, 'ipv4')) return label;
  return undefined;
}

const v4 = (hi: number, lo: number): string => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');

/** The IPv4 addresses an IPv6 address carries (a connection to it reaches them), by RFC. */
function embeddedIpv4(w: number[]): string[] {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = w;
  const zeroHead = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0;
  // ::ffff:a.b.c.d (mapped, RFC 4291), ::ffff:0:a.b.c.d (translated, RFC 2765), ::a.b.c.d
  // (compatible, deprecated but still routed by some stacks): all reach a.b.c.d.
  if (zeroHead && ((w4 === 0 && (w5 === 0xffff || w5 === 0)) || (w4 === 0xffff && w5 === 0))) return [v4(w6, w7)];
  // NAT64 well-known prefix, RFC 6052: 64:ff9b::a.b.c.d.
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return [v4(w6, w7)];
  // 6to4, RFC 3056: 2002:AABB:CCDD::/48 routes to a.b.c.d.
  if (w0 === 0x2002) return [v4(w1, w2)];
  // Teredo, RFC 4380: 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC; the client address is bit-inverted.
  if (w0 === 0x2001 && w1 === 0) return [v4(w2, w3), v4(~w6 & 0xffff, ~w7 & 0xffff)];
  return [];
}

/**
 * The eight 16-bit words of an IPv6 address, or `undefined` when it is not one. Handles `::`
 * in any position, 1–4 hex digits per word, a dotted IPv4 tail in the last 32 bits, and drops a
 * `%zone` suffix.
 */
export function ipv6Words(address: string): number[] | undefined {
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    const dotted = text.slice(lastColon + 1);
    if (isIP(dotted) !== 4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    tail = [(a << 8) | b, (c << 8) | d];
    // "::ffff:" → "::ffff", "::" stays "::", "1:2:3:4:5:6:" → "1:2:3:4:5:6"; the tail goes last.
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const word of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(word)) return undefined;
      out.push(parseInt(word, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const explicit = [...head, ...rest, ...tail];
  if (halves.length === 1) return explicit.length === 8 ? explicit : undefined;
  const fill = 8 - explicit.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
}
