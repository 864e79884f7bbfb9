import { describe, expect, it } from 'vitest';
import { ipv6Words, nonPublicReason } from './address-policy';

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.10', 'a private address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['169.254.10.1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
    ['::1', 'a loopback address'],
    ['0:0:0:0:0:0:0:1', 'a loopback address'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fd12:3456::1', 'a unique-local (private) address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['FE80::1', 'a link-local address'],
    ['2001:db8::1', 'a documentation address'],
    ['3fff::1', 'a documentation address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  // Issue #15: each of these reaches 127.0.0.1 (or another inside address) and was judged public.
  describe('an IPv4 address inside IPv6, in every spelling', () => {
    it.each([
      // IPv4-compatible ::/96 (deprecated, still routed by some stacks)
      ['::127.0.0.1', 'a loopback address'],
      ['::7f00:1', 'a loopback address'],
      ['0:0:0:0:0:0:127.0.0.1', 'a loopback address'],
      ['::10.0.0.1', 'a private address'],
      ['::a9fe:a9fe', 'a cloud metadata address'],
      // IPv4-mapped ::ffff:0:0/96
      ['::ffff:127.0.0.1', 'a loopback address'],
      ['::ffff:7f00:1', 'a loopback address'],
      ['::FFFF:7F00:0001', 'a loopback address'],
      ['0:0:0:0:0:ffff:127.0.0.1', 'a loopback address'],
      ['0000:0000:0000:0000:0000:ffff:7f00:0001', 'a loopback address'],
      ['::0:ffff:127.0.0.1', 'a loopback address'],
      ['::ffff:a00:1', 'a private address'],
      ['::ffff:169.254.169.254', 'a cloud metadata address'],
      // IPv4-translated ::ffff:0:0:0/96 (SIIT)
      ['::ffff:0:7f00:1', 'a loopback address'],
      ['::ffff:0:127.0.0.1', 'a loopback address'],
      ['0:0:0:0:ffff:0:c0a8:1', 'a private address'],
      // NAT64 well-known prefix 64:ff9b::/96
      ['64:ff9b::10.0.0.1', 'a private address'],
      ['64:ff9b::7f00:1', 'a loopback address'],
      ['64:ff9b:0:0:0:0:127.0.0.1', 'a loopback address'],
      ['64:ff9b::a9fe:a9fe', 'a cloud metadata address'],
      // NAT64 local-use 64:ff9b:1::/48 (refused whole: the embedded position varies)
      ['64:ff9b:1::7f00:1', 'a local-use NAT64 address'],
      ['64:ff9b:1::808:808', 'a local-use NAT64 address'],
      ['64:ff9b:1:7f00:1::', 'a local-use NAT64 address'],
      // 6to4 2002::/16
      ['2002:7f00:1::', 'a loopback address'],
      ['2002:7f00:0001:0::1', 'a loopback address'],
      ['2002:c0a8:101::1', 'a private address'],
      ['2002:a9fe:a9fe::', 'a cloud metadata address'],
      // Teredo 2001::/32: server 2..3, client bit-inverted in 6..7 (~127.0.0.1 = 80ff:fffe)
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'a loopback address'],
      ['2001:0:7f00:1::', 'a loopback address'],
      ['2001::a00:1:0:0:f7f7:f7f7', 'a private address'],
    ])('refuses %s as %s', (address, reason) => {
      expect(nonPublicReason(address)).toBe(reason);
    });
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '104.16.0.1',
    '2606:4700::1111',
    '2a00:1450:4001:82b::200e',
    '64:ff9b::808:808',
    '64:ff9b::8.8.8.8',
    '::ffff:8.8.8.8',
    '::ffff:0:8.8.8.8',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows public %s', (address) => {
    expect(nonPublicReason(address)).toBeUndefined();
  });

  it.each(['example.com', '', '1.2.3', '::ffff:999.0.0.1', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1'])('refuses %j as not an IP address', (address) => {
    expect(nonPublicReason(address)).toBe('not an IP address');
  });
});

describe('ipv6Words', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
    ['::1.2.3.4', [0, 0, 0, 0, 0, 0, 0x102, 0x304]],
    ['[fe80::1%25eth0]', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
  ])('parses %s', (address, words) => {
    expect(ipv6Words(address)).toEqual(words);
  });
});
