/**
 * `node dist/bench/diagnostics/cpu-profile-summary.js <file.cpuprofile> [skip seconds] [rows]`: self time of a
 * `BENCH_CPU_PROF_DIR` profile by function and by package, after skipping its first seconds (start-up).
 * V8 samples the JS thread by wall clock: a call that wakes another process (a socket write to the database
 * or Redis) also collects the time the thread waited for a core on a busy box, and other threads (GC
 * helpers, file writes) are not in it. Judge a cut by /proc CPU, not by a share of this.
 */
import { readFileSync } from 'fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function frameLabel({ callFrame }: ProfileNode): string {
  const where = callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
  return `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
}

function packageOf({ callFrame }: ProfileNode): string {
  const inModule = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(callFrame.url);
  if (inModule) return inModule[1];
  if (callFrame.url.includes('/dist/')) return callFrame.url.replace(/^.*\/dist\//, '').split('/').slice(0, 3).join('/');
  return callFrame.url || callFrame.functionName || '(native)';
}

function summarise(profile: CpuProfile, skipUs: number): { busyUs: number; byFunction: Map<string, number>; byPackage: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let elapsedUs = 0;
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i];
    const node = nodes.get(id)!;
    if (elapsedUs < skipUs || node.callFrame.functionName === '(idle)') return;
    const us = profile.timeDeltas[i];
    busyUs += us;
    add(byFunction, frameLabel(node), us);
    add(byPackage, packageOf(node), us);
  });
  return { busyUs, byFunction, byPackage };
}

function table(title: string, totals: Map<string, number>, busyUs: number, rows: number): string {
  const lines = [...totals].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return [`${title}:`, ...lines.map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${key}`)].join('\n');
}

const [file, skipSeconds = '0', rows = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [skip seconds] [rows]');
const { busyUs, byFunction, byPackage } = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(skipSeconds) * 1e6);
process.stdout.write(
  `busy ${(busyUs / 1000).toFixed(0)} ms\n\n${table('self time by function', byFunction, busyUs, Number(rows))}\n\n${table('self time by package', byPackage, busyUs, Number(rows))}\n`,
);
