import { readdirSync, readFileSync } from 'fs';
import * as os from 'os';

/**
 * How much CPU *other* programs used during a measurement: machine-wide busy time (/proc/stat) minus
 * the CPU time of this process and its descendants (bench, gateway, worker, redis, database).
 * On a shared 2-core box this says whether a figure was disturbed.
 */
interface Snapshot {
  at: number;
  machineBusy: number;
  ours: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
  void idle;
  void iowait;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

function ourTicks(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === process.pid) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, { ticks }] of stats) if (isOurs(pid)) total += ticks;
  return total;
}

function snapshot(): Snapshot {
  return { at: performance.now(), machineBusy: machineBusyTicks(), ours: ourTicks() };
}

export interface ForeignLoad {
  /** Other programs' CPU use, in cores (0..ncpu), averaged over the interval. */
  foreignCores: number;
  oursCores: number;
}

export function startForeignLoad(): { stop(): ForeignLoad } {
  const start = snapshot();
  return {
    stop: () => {
      const end = snapshot();
      const seconds = (end.at - start.at) / 1000;
      const machine = (end.machineBusy - start.machineBusy) / TICKS_PER_SECOND / seconds;
      const ours = (end.ours - start.ours) / TICKS_PER_SECOND / seconds;
      const round2 = (v: number) => Number(Math.max(0, v).toFixed(2));
      return { foreignCores: round2(machine - ours), oursCores: round2(ours) };
    },
  };
}

export const cores = (): number => os.availableParallelism();
