/**
 * Which addresses count as one client for the rate limits (server/plugins/rate-limit.ts): an
 * IPv4 address alone, an IPv6 address with the rest of its /64, an IPv4-mapped IPv6 address as
 * the IPv4 address it carries.
 */
import { describe, expect, it } from 'vitest';
import { clientAddressGroup, clientKeyFunction } from '../../../server/plugins/rate-limit.js';

describe('client address groups', () => {
  it('keeps each IPv4 address apart', () => {
    expect(clientAddressGroup('192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressGroup('192.0.2.2')).toBe('192.0.2.2');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    const group = clientAddressGroup('2001:db8:1:2::1');
    expect(group).toBe('2001:db8:1:2::');
    for (const address of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:0000:0000:0000:0009',
      '2001:db8:1:2:a:b:c:d',
      '2001:db8:1:2::',
    ]) {
      expect(clientAddressGroup(address), address).toBe(group);
    }
  });

  it('keeps neighbouring /64s apart', () => {
    expect(clientAddressGroup('2001:db8:1:3::1')).not.toBe(clientAddressGroup('2001:db8:1:2::1'));
    expect(clientAddressGroup('2001:db8:2:2::1')).not.toBe(clientAddressGroup('2001:db8:1:2::1'));
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientAddressGroup('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressGroup('::FFFF:c000:0207')).toBe('192.0.2.7');
    // …and not as the /64 all mapped addresses share, which would make every IPv4 client one.
    expect(clientAddressGroup('::ffff:192.0.2.8')).not.toBe(clientAddressGroup('::ffff:192.0.2.7'));
  });

  it('keeps whatever else a proxy names as it is, lower-cased, without throwing', () => {
    for (const odd of ['unknown', 'Not-An-Address', '', '2001:db8::/64', '::ffff:999.1.1.1', '1.2.3.4:80']) {
      expect(() => clientAddressGroup(odd), odd).not.toThrow();
    }
    expect(clientAddressGroup('Not-An-Address')).toBe('not-an-address');
    expect(clientAddressGroup('unknown')).not.toBe(clientAddressGroup('192.0.2.1'));
  });
});

describe('client keys', () => {
  const key = clientKeyFunction(Buffer.from('secret'));

  it('are one key for one /64 and another for the next', () => {
    expect(key('2001:db8:1:2::1')).toBe(key('2001:db8:1:2:dead:beef:0:1'));
    expect(key('2001:db8:1:2::1')).not.toBe(key('2001:db8:1:3::1'));
    expect(key('::ffff:198.51.100.4')).toBe(key('198.51.100.4'));
    expect(key('198.51.100.4')).not.toBe(key('198.51.100.5'));
  });

  it('hold no part of the address and depend on the secret', () => {
    const made = key('2001:db8:1:2::1');
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made).not.toContain('2001');
    expect(clientKeyFunction(Buffer.from('other secret'))('2001:db8:1:2::1')).not.toBe(made);
  });
});
