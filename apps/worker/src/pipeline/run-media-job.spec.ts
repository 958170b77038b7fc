import { Job, UnrecoverableError } from 'bullmq';
import { decodeJobFailure, JobFailure } from '@app/errors';
import { PermanentFailure } from './permanent-failure';
import { MediaJobHooks, runMediaJob } from './run-media-job';

const attempt = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 3 } }) as Job;
const storageDown = () => Promise.reject(new Error('read ECONNRESET'));

/** Records the final failures it is told of; `readyAfterAll` is what it finds the media to be. */
function recordingHooks(readyAfterAll?: { mediaId: string }): MediaJobHooks<{ mediaId: string }> & { told: JobFailure[] } {
  const told: JobFailure[] = [];
  return { told, onFinalFailure: async (failure) => (told.push(failure), readyAfterAll) };
}

describe('runMediaJob', () => {
  it('rethrows a transient failure before the last attempt, for BullMQ to retry, without discarding', async () => {
    const hooks = recordingHooks();
    await expect(runMediaJob(attempt(0), 'upload_failed', hooks, storageDown)).rejects.toThrow('read ECONNRESET');
    expect(hooks.told).toEqual([]);
  });

  it('fails the job for good with the fallback error on the last attempt, once the media is discarded', async () => {
    const hooks = recordingHooks();
    const outcome = runMediaJob(attempt(2), 'upload_failed', hooks, storageDown);
    await expect(outcome).rejects.toBeInstanceOf(UnrecoverableError);
    const reason = await outcome.then(() => null, (error: Error) => error.message);
    expect(decodeJobFailure(reason)).toEqual({ code: 'upload_failed', status: 500, message: 'Upload failed' });
    expect(hooks.told).toEqual([{ code: 'upload_failed', status: 500, message: 'Upload failed' }]);
  });

  it('completes the job instead when the media turns out ready (an earlier run made it so): its caller is not told it failed', async () => {
    const hooks = recordingHooks({ mediaId: 'abcd1234' });
    await expect(runMediaJob(attempt(2), 'upload_failed', hooks, storageDown)).resolves.toEqual({ mediaId: 'abcd1234' });
    const permanent = () => Promise.reject(new PermanentFailure({ code: 'upload_failed', status: 500, message: 'Unsupported format' }));
    await expect(runMediaJob(attempt(0), 'upload_failed', hooks, permanent)).resolves.toEqual({ mediaId: 'abcd1234' });
    expect(hooks.told.map((failure) => failure.message)).toEqual(['Upload failed', 'Unsupported format']);
  });
});
