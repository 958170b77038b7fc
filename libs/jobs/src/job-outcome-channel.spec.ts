import { decodeJobOutcome, encodeJobOutcome, jobOutcomeChannel } from './job-outcome-channel';

describe('job outcome messages', () => {
  it('name one channel per queue and job, under the queue prefix', () => {
    expect(jobOutcomeChannel('{imgpro}', 'variant', 'variants/abc/m.webp')).toBe('{imgpro}:variant:outcome:variants/abc/m.webp');
  });

  it('carry a result or a failure reason, and nothing else is taken for one', () => {
    expect(decodeJobOutcome(encodeJobOutcome({ result: { mediaId: 'abc' } }))).toEqual({ result: { mediaId: 'abc' } });
    expect(decodeJobOutcome(encodeJobOutcome({ result: undefined }))).toEqual({ result: null });
    expect(decodeJobOutcome(encodeJobOutcome({ reason: 'upload_failed' }))).toEqual({ reason: 'upload_failed' });
    for (const other of ['', 'not json', '42', 'null', '{}', '{"reason":7}']) expect(decodeJobOutcome(other)).toBeUndefined();
  });
});
