import { readFileSync } from 'fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of a process, in ms (from /proc/<pid>/stat), or 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export type RolePids = Record<string, number>;
export type RoleCpuMs = Record<string, number>;

/** CPU ms each named process used between start and stop. */
export function startCpuMeter(pids: RolePids): { stop(): RoleCpuMs } {
  const before = Object.fromEntries(Object.entries(pids).map(([role, pid]) => [role, cpuMs(pid)]));
  return {
    stop: () => Object.fromEntries(Object.entries(pids).map(([role, pid]) => [role, cpuMs(pid) - before[role]])),
  };
}

export function addCpu(total: RoleCpuMs, more: RoleCpuMs): RoleCpuMs {
  for (const [role, ms] of Object.entries(more)) total[role] = (total[role] ?? 0) + ms;
  return total;
}
