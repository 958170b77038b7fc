import { isIP } from 'net';
import * as ipaddr from 'ipaddr.js';
import {
  BLOCKED_GLOBAL_IPV6,
  BLOCKED_IPV4,
  Cidr,
  GLOBAL_UNICAST_IPV6,
  NAT64_IPV6,
  SIX_TO_FOUR_IPV6,
} from './blocked-ranges';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type AddressPolicy = (address: string) => boolean;

const inAny = (address: Address, cidrs: Cidr[]): boolean =>
  cidrs.some((cidr) => cidr[0].kind() === address.kind() && address.match(cidr));

const ipv4FromWords = (high: number, low: number): ipaddr.IPv4 =>
  new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

const isBlockedIpv4 = (address: ipaddr.IPv4): boolean => inAny(address, BLOCKED_IPV4);

function isBlockedIpv6(address: ipaddr.IPv6): boolean {
  const parts = address.parts;
  if (address.match(NAT64_IPV6)) return isBlockedIpv4(ipv4FromWords(parts[6], parts[7]));
  // Everything else outside 2000::/3 (::/96 IPv4-compatible, ::1, ULA, link-local, multicast...) is refused.
  if (!address.match(GLOBAL_UNICAST_IPV6)) return true;
  if (address.match(SIX_TO_FOUR_IPV6)) return isBlockedIpv4(ipv4FromWords(parts[1], parts[2]));
  return inAny(address, BLOCKED_GLOBAL_IPV6);
}

/** ::ffff:a.b.c.d connects to a.b.c.d, so it is judged (and allow-listed) as a.b.c.d. */
const unmap = (address: Address): Address =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;

/**
 * Rewrites a trailing dotted quad as two hex groups (::127.0.0.1 -> ::7f00:1) and drops the zone:
 * ipaddr.js would otherwise read IPv4-compatible ::a.b.c.d as IPv4-mapped ::ffff:a.b.c.d.
 */
const hexIpv6 = (address: string): string =>
  address
    .replace(/%.*$/, '')
    .replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_match, a: string, b: string, c: string, d: string) => {
      const word = (high: string, low: string) => ((Number(high) << 8) | Number(low)).toString(16);
      return `${word(a, b)}:${word(c, d)}`;
    });

function normalize(address: string): Address | null {
  // Only canonical spellings (what resolvers and the URL parser produce); 0177.0.0.1 and friends fail closed.
  const family = isIP(address);
  if (family === 0) return null;
  try {
    return unmap(ipaddr.parse(family === 6 ? hexIpv6(address) : address));
  } catch {
    return null;
  }
}

function parseAllowedCidr(cidr: string): Cidr {
  let parsed: Cidr;
  try {
    const [base, bits] = cidr.split('/');
    parsed = ipaddr.parseCIDR(`${base.includes(':') ? hexIpv6(base) : base}/${bits}`);
  } catch {
    throw new TypeError(`Invalid CIDR in allowedCidrs: ${cidr}`);
  }
  const [base, bits] = parsed;
  const mappedV4 = base.kind() === 'ipv6' && bits >= 96 && (base as ipaddr.IPv6).isIPv4MappedAddress();
  return mappedV4 ? [unmap(base), bits - 96] : parsed;
}

/** Parses `allowedCidrs` once; the returned check is used for every resolved address. */
export function createAddressPolicy(allowedCidrs: string[] = []): AddressPolicy {
  const allowed = allowedCidrs.map(parseAllowedCidr);
  return (raw) => {
    const address = normalize(raw);
    if (!address) return false;
    if (inAny(address, allowed)) return true;
    return address.kind() === 'ipv4'
      ? !isBlockedIpv4(address as ipaddr.IPv4)
      : !isBlockedIpv6(address as ipaddr.IPv6);
  };
}

export function isAddressAllowed(address: string, allowedCidrs: string[] = []): boolean {
  return createAddressPolicy(allowedCidrs)(address);
}
