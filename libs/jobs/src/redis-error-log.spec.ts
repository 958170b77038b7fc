import { redisErrorLog } from './redis-error-log';

function recordingLogger() {
  const records: Array<{ level: 'warn' | 'error'; fields: object; message: string }> = [];
  return {
    records,
    warn: (fields: object, message: string) => records.push({ level: 'warn', fields, message }),
    error: (fields: object, message: string) => records.push({ level: 'error', fields, message }),
  };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

describe('redisErrorLog', () => {
  it('says an unreachable Redis once, however many reconnect attempts fail', () => {
    const logger = recordingLogger();
    const log = redisErrorLog(logger, 'queue');
    for (let attempt = 0; attempt < 50; attempt++) log(refused(), { queue: 'ingest' });
    expect(logger.records).toEqual([
      { level: 'warn', fields: { reason: 'connect ECONNREFUSED 127.0.0.1:6379', occurrences: 1 }, message: 'queue Redis unreachable' },
    ]);
  });

  it('records every other error as an error, with its fields', () => {
    const logger = recordingLogger();
    const log = redisErrorLog(logger, 'worker');
    const scriptError = new Error('ERR Error running script');
    log(scriptError, { queue: 'ingest' });
    log(scriptError, { queue: 'import' });
    expect(logger.records).toEqual([
      { level: 'error', fields: { queue: 'ingest', err: scriptError }, message: 'worker error' },
      { level: 'error', fields: { queue: 'import', err: scriptError }, message: 'worker error' },
    ]);
  });
});
