import * as ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const parseAll = (cidrs: string[]): Cidr[] => cidrs.map((cidr) => ipaddr.parseCIDR(cidr));

/** Every IPv4 range that is not plain public unicast. */
export const BLOCKED_IPV4: Cidr[] = parseAll([
  '0.0.0.0/8', // "this network", 0.0.0.0 reaches localhost on Linux
  '10.0.0.0/8',
  '100.64.0.0/10', // CGNAT
  '127.0.0.0/8',
  '169.254.0.0/16', // link-local, cloud metadata 169.254.169.254
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // TEST-NET-1
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, includes 255.255.255.255
]);

/** Only global unicast IPv6 is allowed, minus the ranges below. */
export const GLOBAL_UNICAST_IPV6: Cidr = ipaddr.parseCIDR('2000::/3');

export const BLOCKED_GLOBAL_IPV6: Cidr[] = parseAll([
  '2001::/23', // IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
]);

/** Translation prefixes whose embedded IPv4 address decides the verdict. */
export const NAT64_IPV6: Cidr = ipaddr.parseCIDR('64:ff9b::/96');
export const SIX_TO_FOUR_IPV6: Cidr = ipaddr.parseCIDR('2002::/16');
