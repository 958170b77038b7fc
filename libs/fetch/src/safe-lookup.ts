import * as dns from 'dns';
import type { LookupFunction } from 'net';
import type { AddressPolicy } from './address-policy';
import { blockedError } from './fetch-error';

export type Resolver = typeof dns.lookup;

type ResolveAll = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[] | string, family?: number) => void,
) => void;

const notFound = (hostname: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });

/**
 * The lookup handed to the socket, so the address we check is the address we connect to
 * (no DNS rebinding window). Every resolved address is checked; only allowed ones are handed back.
 */
export function createSafeLookup(isAllowed: AddressPolicy, resolve: Resolver = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    (resolve as unknown as ResolveAll)(hostname, { ...options, all: true }, (err, result, family) => {
      if (err) return callback(err, '');
      // Tolerate resolvers that ignore `all: true`.
      const addresses = typeof result === 'string' ? [{ address: result, family: family ?? 0 }] : result ?? [];
      if (addresses.length === 0) return callback(notFound(hostname), '');
      const allowed = addresses.filter((entry) => isAllowed(entry.address));
      if (allowed.length === 0) return callback(blockedError(), '');
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
