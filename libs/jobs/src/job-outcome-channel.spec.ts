import {
  decodeAddressedOutcome,
  decodeJobOutcome,
  encodeAddressedOutcome,
  encodeJobOutcome,
  gatewayOutcomeChannel,
  isGatewayOutcomeChannel,
  jobOutcomeChannel,
} from './job-outcome-channel';

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

  it("name one inbox per gateway process, and a job may only name an inbox of its own queue prefix", () => {
    const inbox = gatewayOutcomeChannel('{imgpro}', 'g1');
    expect(inbox).toBe('{imgpro}:outcomes:g1');
    expect(isGatewayOutcomeChannel('{imgpro}', inbox)).toBe(true);
    for (const other of ['{other}:outcomes:g1', '{imgpro}:ingest:outcome:abc', 'x'.repeat(300), 42, undefined]) {
      expect(isGatewayOutcomeChannel('{imgpro}', other)).toBe(false);
    }
  });

  it('sent to an inbox, name their queue and job', () => {
    const sent = { queue: 'ingest', jobId: 'abc12345', outcome: { result: { media: { width: 2 } } } };
    expect(decodeAddressedOutcome(encodeAddressedOutcome(sent))).toEqual(sent);
    expect(decodeAddressedOutcome(encodeAddressedOutcome({ queue: 'import', jobId: 'x', outcome: { reason: 'import_failed' } }))).toEqual({
      queue: 'import',
      jobId: 'x',
      outcome: { reason: 'import_failed' },
    });
    for (const other of ['not json', '{"result":1}', '{"queue":"ingest","result":1}', '{"jobId":7,"queue":"ingest","result":1}']) {
      expect(decodeAddressedOutcome(other)).toBeUndefined();
    }
  });
});
