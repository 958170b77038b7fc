import { importJob, ingestJob } from './media-jobs';

describe('media jobs', () => {
  const limits = { anonymousMaxBytes: 20, keyedMaxBytes: 50 };

  it('an upload job is keyed by its media id', () => {
    expect(ingestJob('abc12345')).toEqual(['ingest', { mediaId: 'abc12345' }, { jobId: 'abc12345' }]);
  });

  it("an import job is keyed by its media id and bounded by its uploader's limit", () => {
    const url = 'http://example.test/a.png';
    expect(importJob(limits, { mediaId: 'abc12345', url, anonymous: true })).toEqual(['import', { mediaId: 'abc12345', url, maxBytes: 20 }, { jobId: 'abc12345' }]);
    expect(importJob(limits, { mediaId: 'abc12345', url, anonymous: false })[1].maxBytes).toBe(50);
  });

  it('names the inbox of the gateway that waits on it, when one does', () => {
    const address = { outcomeChannel: '{imgpro}:outcomes:g1' };
    expect(ingestJob('abc12345', address)[1]).toEqual({ mediaId: 'abc12345', outcomeChannel: '{imgpro}:outcomes:g1' });
    expect(importJob(limits, { mediaId: 'abc12345', url: 'http://example.test/a.png', anonymous: true }, address)[1].outcomeChannel).toBe(address.outcomeChannel);
  });
});
