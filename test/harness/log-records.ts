/** The JSON log records in a process's output (pino writes one per line; other lines are skipped). */
export function jsonLogRecords(output: string): Record<string, unknown>[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}
