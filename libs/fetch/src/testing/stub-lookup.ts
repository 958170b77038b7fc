import type * as dns from 'dns';

type Answer = string[] | { code: string };

export interface StubLookup {
  lookup: typeof dns.lookup;
  calls: string[];
}

/**
 * A resolver that never touches real DNS: host name -> addresses, or an error code.
 * Unknown hosts fail with ENOTFOUND; `hang: true` hosts never answer.
 */
export function stubLookup(answers: Record<string, Answer | 'hang'>): StubLookup {
  const calls: string[] = [];
  const lookup = (hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void): void => {
    calls.push(hostname);
    const answer = answers[hostname] ?? { code: 'ENOTFOUND' };
    if (answer === 'hang') return;
    setImmediate(() => {
      if (!Array.isArray(answer)) {
        const err = Object.assign(new Error(`getaddrinfo ${answer.code} ${hostname}`), answer, { hostname });
        return callback(err);
      }
      const entries = answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) return callback(null, entries);
      callback(null, entries[0].address, entries[0].family);
    });
  };
  return { lookup: lookup as unknown as typeof dns.lookup, calls };
}
