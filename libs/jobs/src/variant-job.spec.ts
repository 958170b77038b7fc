import { encodeJobFailure } from '@app/errors';
import { FAILED_VARIANT_REMEMBERED_MS, rememberedVariantFailure, VARIANT_FAILURES } from './variant-job';

describe('rememberedVariantFailure', () => {
  const now = 1_800_000_000_000;
  const failedWith = (reason: string, agoMs = 1000) => ({ failedReason: reason, finishedOn: now - agoMs });

  it.each([['unrenderable'], ['gone']] as const)('remembers a render that failed for good (%s)', (kind) => {
    expect(rememberedVariantFailure(failedWith(encodeJobFailure(VARIANT_FAILURES[kind])), now)).toEqual(VARIANT_FAILURES[kind]);
  });

  it('forgets it once FAILED_VARIANT_REMEMBERED_MS have passed', () => {
    const reason = encodeJobFailure(VARIANT_FAILURES.unrenderable);
    expect(rememberedVariantFailure(failedWith(reason, FAILED_VARIANT_REMEMBERED_MS - 1), now)).not.toBeNull();
    expect(rememberedVariantFailure(failedWith(reason, FAILED_VARIANT_REMEMBERED_MS), now)).toBeNull();
  });

  it('never remembers a storage fault, a crashed worker or an unknown reason', () => {
    expect(rememberedVariantFailure(failedWith(encodeJobFailure(VARIANT_FAILURES.fault)), now)).toBeNull();
    expect(rememberedVariantFailure(failedWith('job stalled more than allowable limit'), now)).toBeNull();
    expect(rememberedVariantFailure({ failedReason: encodeJobFailure(VARIANT_FAILURES.unrenderable) }, now)).toBeNull();
  });
});
