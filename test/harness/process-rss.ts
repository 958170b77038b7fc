import { readdirSync, readFileSync } from 'fs';

/** A process's resident set size in MiB, from /proc/<pid>/status (VmRSS); 0 once it is gone. */
export function rssMiB(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** The ids of the processes whose parent is `pid` (e.g. a worker's isolated decoders), from /proc/<n>/stat. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (2nd field) is in parentheses and may hold spaces: the parent id follows the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // gone between the listing and the read
    }
  }
  return children;
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
