import type { LookupAddress } from 'dns';
import { createAddressPolicy } from './address-policy';
import { FetchError } from './fetch-error';
import { createSafeLookup } from './safe-lookup';
import { stubLookup } from './testing/stub-lookup';

type Outcome = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function lookupWith(answers: Parameters<typeof stubLookup>[0], all: boolean, allowedCidrs: string[] = []) {
  const stub = stubLookup(answers);
  const lookup = createSafeLookup(createAddressPolicy(allowedCidrs), stub.lookup);
  return (hostname: string) =>
    new Promise<Outcome>((resolve) => lookup(hostname, { all }, (err, address, family) => resolve({ err, address, family })));
}

describe('createSafeLookup', () => {
  it.each([true, false])('refuses a host resolving only to 10.0.0.1 (all: %s), handing back no address', async (all) => {
    const { err, address } = await lookupWith({ 'internal.test': ['10.0.0.1'] }, all)('internal.test');
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('blocked');
    expect(err?.message).not.toContain('10.0.0.1');
    expect(address).toBe('');
  });

  it('checks every address and hands back only the allowed ones', async () => {
    const answers = { 'mixed.test': ['169.254.169.254', '93.184.216.34', '::1', '2606:4700::1111', '10.1.1.1'] };
    const { err, address } = await lookupWith(answers, true)('mixed.test');
    expect(err).toBeNull();
    expect(address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
  });

  it('returns the first allowed address when a single one is requested', async () => {
    const { err, address, family } = await lookupWith({ 'mixed.test': ['127.0.0.1', '8.8.8.8'] }, false)('mixed.test');
    expect(err).toBeNull();
    expect([address, family]).toEqual(['8.8.8.8', 4]);
  });

  it('honours allowedCidrs', async () => {
    const { address } = await lookupWith({ 'local.test': ['127.0.0.1'] }, false, ['127.0.0.0/8'])('local.test');
    expect(address).toBe('127.0.0.1');
  });

  it('passes resolver errors through', async () => {
    const { err } = await lookupWith({ 'flaky.test': { code: 'EAI_AGAIN' } }, true)('flaky.test');
    expect(err?.code).toBe('EAI_AGAIN');
  });

  it('treats an empty answer as not found', async () => {
    const { err } = await lookupWith({ 'empty.test': [] }, true)('empty.test');
    expect(err?.code).toBe('ENOTFOUND');
  });
});
