import { readFileSync } from 'fs';

/** A process's resident set size in MiB, from /proc/<pid>/status (VmRSS); 0 once it is gone. */
export function rssMiB(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Samples the RSS of `pids()` every `everyMs` and keeps each one's peak, until stopped. */
export function watchPeakRss(pids: () => number[], everyMs = 100): { peaks: Map<number, number>; stop(): void } {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of pids()) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, rssMiB(pid)));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { peaks, stop: () => (sample(), clearInterval(timer)) };
}
