/** A pino record as it arrives on the stream. */
export interface LogRecord {
  level: number;
  time: number;
  msg?: string;
  context?: string;
  name?: string;
  [field: string]: unknown;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Nest's start-up chatter (one line per module, controller and route) says nothing a person needs.
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const OMITTED = new Set(['level', 'time', 'msg', 'context', 'name', 'pid', 'hostname', 'req', 'res', 'responseTime']);

/** One readable line for a terminal, or null for a line not worth a person's attention. */
export function formatLogLine(record: LogRecord): string | null {
  if (record.level <= 30 && record.context && START_UP_CONTEXTS.has(record.context)) return null;
  const time = new Date(record.time).toISOString().slice(11, 19);
  const level = (LEVELS[record.level] ?? String(record.level)).padEnd(5);
  const who = record.name ?? record.context;
  const request = describeRequest(record);
  const extras = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level, who ? `[${who}]` : '', request, record.msg ?? '', ...extras].filter(Boolean).join(' ');
}

function describeRequest(record: LogRecord): string {
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { statusCode?: number } | undefined;
  if (!req?.method) return '';
  const took = typeof record.responseTime === 'number' ? ` ${record.responseTime} ms` : '';
  return `${req.method} ${req.url ?? ''}${res?.statusCode ? ` → ${res.statusCode}` : ''}${took}`;
}
