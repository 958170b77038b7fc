import { isAddressAllowed } from './address-policy';

describe('isAddressAllowed', () => {
  describe('blocks non-public IPv4', () => {
    it.each([
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', '"this network" 0/8'],
      ['10.0.0.1', 'RFC1918 10/8'],
      ['10.255.255.255', 'RFC1918 10/8 top'],
      ['100.64.0.1', 'CGNAT bottom'],
      ['100.127.255.254', 'CGNAT top'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback top'],
      ['169.254.169.254', 'cloud metadata'],
      ['169.254.0.1', 'link-local'],
      ['172.16.0.1', 'RFC1918 172.16/12 bottom'],
      ['172.31.255.254', 'RFC1918 172.16/12 top'],
      ['192.0.0.1', 'IETF protocol assignments'],
      ['192.0.0.170', 'NAT64 discovery'],
      ['192.0.2.1', 'TEST-NET-1'],
      ['192.88.99.1', '6to4 relay anycast'],
      ['192.168.1.1', 'RFC1918 192.168/16'],
      ['198.18.0.1', 'benchmarking bottom'],
      ['198.19.255.254', 'benchmarking top'],
      ['198.51.100.7', 'TEST-NET-2'],
      ['203.0.113.9', 'TEST-NET-3'],
      ['224.0.0.1', 'multicast bottom'],
      ['239.255.255.250', 'multicast top (SSDP)'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'broadcast'],
    ])('%s (%s)', (address) => {
      expect(isAddressAllowed(address)).toBe(false);
    });
  });

  describe('blocks non-public IPv6 and IPv4-embedding forms', () => {
    it.each([
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback, long form'],
      ['fe80::1', 'link-local'],
      ['febf:ffff::1', 'link-local top'],
      ['fe80::1%eth0', 'link-local with zone'],
      ['fec0::1', 'deprecated site-local'],
      ['fc00::1', 'ULA fc00::/7'],
      ['fd12:3456:789a::1', 'ULA fd00::/8'],
      ['ff02::1', 'multicast'],
      ['ff0e::1', 'global multicast'],
      ['100::1', 'discard-only'],
      ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
      ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
      ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
      ['::ffff:10.0.0.1', 'IPv4-mapped RFC1918'],
      ['::ffff:0.0.0.0', 'IPv4-mapped unspecified'],
      ['::127.0.0.1', 'IPv4-compatible loopback'],
      ['::7f00:1', 'IPv4-compatible loopback, hex'],
      ['::8.8.8.8', 'IPv4-compatible (deprecated, refused whatever it embeds)'],
      ['::ffff:0:8.8.8.8', 'IPv4-translated (SIIT)'],
      ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
      ['64:ff9b::127.0.0.1', 'NAT64 embedding loopback'],
      ['64:ff9b::a9fe:a9fe', 'NAT64 embedding metadata'],
      ['64:ff9b::10.0.0.1', 'NAT64 embedding RFC1918'],
      ['64:ff9b:1::8.8.8.8', 'local-use NAT64'],
      ['2002:7f00:1::', '6to4 embedding loopback'],
      ['2002:a9fe:a9fe::1', '6to4 embedding metadata'],
      ['2002:c0a8:101::1', '6to4 embedding 192.168.1.1'],
      ['2001::1', 'Teredo'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo, full'],
      ['2001:2::1', 'benchmarking'],
      ['2001:10::1', 'ORCHID'],
      ['2001:db8::1', 'documentation'],
      ['3fff::1', 'documentation (RFC 9637)'],
      ['5f00::1', 'SRv6 SIDs, outside 2000::/3'],
    ])('%s (%s)', (address) => {
      expect(isAddressAllowed(address)).toBe(false);
    });
  });

  describe('allows public addresses', () => {
    it.each([
      '8.8.8.8',
      '1.1.1.1',
      '93.184.216.34',
      '100.63.255.255', // just below CGNAT
      '100.128.0.0', // just above CGNAT
      '172.15.255.255', // just below 172.16/12
      '172.32.0.0', // just above 172.16/12
      '192.0.3.1',
      '198.17.255.255',
      '198.20.0.0',
      '223.255.255.255', // last below multicast
      '2606:4700::1111',
      '2001:4860:4860::8888',
      '2a00:1450:4001:830::200e',
      '::ffff:8.8.8.8', // mapped: judged as 8.8.8.8
      '64:ff9b::808:808', // NAT64 of 8.8.8.8
      '2002:808:808::1', // 6to4 of 8.8.8.8
    ])('%s', (address) => {
      expect(isAddressAllowed(address)).toBe(true);
    });
  });

  describe('fails closed on anything but a canonical address', () => {
    it.each([
      '2130706433', // decimal 127.0.0.1
      '0177.0.0.1', // octal
      '0x7f.1', // hex short form
      '0x7f000001',
      '127.1', // short form
      '127.0.1',
      '017700000001',
      '08.8.8.8',
      '134744072', // decimal 8.8.8.8: public, but still not a canonical spelling
      'localhost',
      'example.com',
      '',
      '[::1]',
      '1.2.3.4.5',
      '256.1.1.1',
    ])('%j', (address) => {
      expect(isAddressAllowed(address)).toBe(false);
    });
  });

  describe('allowedCidrs', () => {
    it('lets the listed range through and nothing else', () => {
      const allowed = ['127.0.0.0/8'];
      expect(isAddressAllowed('127.0.0.1', allowed)).toBe(true);
      expect(isAddressAllowed('127.10.20.30', allowed)).toBe(true);
      expect(isAddressAllowed('10.0.0.1', allowed)).toBe(false);
      expect(isAddressAllowed('169.254.169.254', allowed)).toBe(false);
      expect(isAddressAllowed('::1', allowed)).toBe(false);
      expect(isAddressAllowed('8.8.8.8', allowed)).toBe(true);
    });

    it('matches IPv4-mapped IPv6 addresses as IPv4', () => {
      expect(isAddressAllowed('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBe(true);
      expect(isAddressAllowed('::ffff:7f00:2', ['127.0.0.1/32'])).toBe(false);
      expect(isAddressAllowed('127.0.0.1', ['::ffff:127.0.0.0/104'])).toBe(true);
      expect(isAddressAllowed('127.0.0.1', ['::127.0.0.0/104'])).toBe(false); // IPv4-compatible is not IPv4-mapped
    });

    it('supports narrow and IPv6 ranges', () => {
      expect(isAddressAllowed('127.0.0.2', ['127.0.0.2/32'])).toBe(true);
      expect(isAddressAllowed('127.0.0.1', ['127.0.0.2/32'])).toBe(false);
      expect(isAddressAllowed('::1', ['::1/128'])).toBe(true);
      expect(isAddressAllowed('fd00::5', ['fd00::/8'])).toBe(true);
      expect(isAddressAllowed('fc00::5', ['fd00::/8'])).toBe(false);
    });

    it('does not widen to odd spellings', () => {
      expect(isAddressAllowed('2130706433', ['127.0.0.0/8'])).toBe(false);
    });

    it('throws on an invalid CIDR (configuration error)', () => {
      expect(() => isAddressAllowed('8.8.8.8', ['not-a-cidr'])).toThrow('Invalid CIDR in allowedCidrs: not-a-cidr');
    });
  });
});
