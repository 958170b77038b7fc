import { Writable } from 'stream';
import { formatLogLine } from './log-line';

/** Takes pino's JSON lines and writes readable ones to `out` (a terminal); anything unparsable passes as is. */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        let formatted: string | null = line;
        try {
          formatted = formatLogLine(JSON.parse(line));
        } catch {
          // not JSON: shown unchanged
        }
        if (formatted !== null) out.write(`${formatted}\n`);
      }
      callback();
    },
  });
}
