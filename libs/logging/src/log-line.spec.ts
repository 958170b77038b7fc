import { formatLogLine } from './log-line';

const time = Date.parse('2026-12-01T10:11:12.345Z');

describe('readable log lines', () => {
  it('shows time, level, who and message, then the other fields', () => {
    expect(formatLogLine({ level: 40, time, name: 'launcher', msg: 'worker 0 exited', pid: 1, code: 1 })).toBe('10:11:12 WARN  [launcher] worker 0 exited code=1');
    expect(formatLogLine({ level: 30, time, context: 'MaintenanceProcessor', msg: 'sweep done', expired: 2 })).toBe(
      '10:11:12 INFO  [MaintenanceProcessor] sweep done expired=2',
    );
  });

  it('sums a request up in one line', () => {
    const line = formatLogLine({ level: 30, time, msg: 'request completed', req: { method: 'POST', url: '/v1/upload', headers: {} }, res: { statusCode: 201 }, responseTime: 42 });
    expect(line).toBe('10:11:12 INFO  POST /v1/upload → 201 42 ms request completed');
  });

  it("drops Nest's start-up chatter but keeps its warnings", () => {
    expect(formatLogLine({ level: 30, time, context: 'InstanceLoader', msg: 'DbModule dependencies initialized' })).toBeNull();
    expect(formatLogLine({ level: 30, time, context: 'RouterExplorer', msg: 'Mapped {/v1/upload, POST} route' })).toBeNull();
    expect(formatLogLine({ level: 40, time, context: 'InstanceLoader', msg: 'odd' })).toBe('10:11:12 WARN  [InstanceLoader] odd');
  });
});
