import { expectStatus, get } from '../client/api';
import { BENCH } from '../config';
import { percentile, round } from '../measure/stats';

export interface ListAccount {
  label: string;
  key: string;
  /** Items a full first page must hold: min(limit, media carrying the tag). */
  expectedItems: number;
}

export interface ListLatency {
  requests: number;
  p50Ms: number;
  p90Ms: number;
  items: number;
}

async function timedPage(baseUrl: string, path: string, account: ListAccount): Promise<number> {
  const t0 = performance.now();
  const result = await get(baseUrl, path, account.key);
  const ms = performance.now() - t0;
  expectStatus(result, 200, `GET ${path} (${account.label})`);
  const items = (JSON.parse(result.body) as { data: unknown[] }).data.length;
  if (items !== account.expectedItems) throw new Error(`GET ${path} (${account.label}): ${items} items, expected ${account.expectedItems}`);
  return ms;
}

/**
 * p50 of sequential first pages (`path`) per account, after a warm-up; the accounts take turns in
 * blocks so that a burst of load from elsewhere lands on both.
 */
export async function measureListLatency(baseUrl: string, path: string, accounts: ListAccount[]): Promise<Record<string, ListLatency>> {
  const { warmup, requests, block } = BENCH.list;
  for (const account of accounts) for (let i = 0; i < warmup; i++) await timedPage(baseUrl, path, account);
  const times = new Map<ListAccount, number[]>(accounts.map((account) => [account, []]));
  for (let done = 0; done < requests; done += block) {
    for (const account of accounts) {
      for (let i = 0; i < Math.min(block, requests - done); i++) times.get(account)!.push(await timedPage(baseUrl, path, account));
    }
  }
  return Object.fromEntries(
    accounts.map((account) => {
      const values = times.get(account)!;
      return [account.label, { requests: values.length, p50Ms: round(percentile(values, 50)), p90Ms: round(percentile(values, 90)), items: account.expectedItems }];
    }),
  );
}
