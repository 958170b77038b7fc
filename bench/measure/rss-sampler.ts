import { readFileSync } from 'fs';

/** VmRSS of a process in bytes, from /proc (Linux), or null once it is gone. */
export function readRss(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface RssSampler {
  stop(): { samples: number; peakBytes: number; lastBytes: number; valuesBytes: number[] };
}

/** Samples a process's RSS every intervalMs until stopped. */
export function sampleRss(pid: number, intervalMs = 20): RssSampler {
  const values: number[] = [];
  const take = () => {
    const rss = readRss(pid);
    if (rss !== null) values.push(rss);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { samples: values.length, peakBytes: Math.max(...values), lastBytes: values[values.length - 1], valuesBytes: values };
    },
  };
}
