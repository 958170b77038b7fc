/**
 * `node dist/bench/diagnostics/cpu-profile-summary.js <file.cpuprofile> [skip seconds] [rows]`: self time of a
 * `BENCH_CPU_PROF_DIR` profile by function and by package, after skipping its first seconds (start-up).
 * V8 samples the JS thread by wall clock: a call that wakes another process (a socket write to the database
 * or Redis) also collects the time the thread waited for a core on a busy box, and other threads (GC
 * helpers, file writes) are not in it. Judge a cut by /proc CPU, not by a share of this. The inclusive table
 * counts a sample for every function of the service's own code (dist/, outside node_modules) on its stack.
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

const isOwnCode = ({ callFrame }: ProfileNode): boolean => callFrame.url.includes('/dist/') && !callFrame.url.includes('node_modules');

function packageOf({ callFrame }: ProfileNode): string {
  const inModule = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(callFrame.url);
  if (inModule) return inModule[1];
  if (callFrame.url.includes('/dist/')) return callFrame.url.replace(/^.*\/dist\//, '').split('/').slice(0, 3).join('/');
  return callFrame.url || callFrame.functionName || '(native)';
}

interface Summary {
  busyUs: number;
  byFunction: Map<string, number>;
  byPackage: Map<string, number>;
  /** Time with the function anywhere on the stack (counted once per sample), for the service's own code. */
  inclusive: Map<string, number>;
}

function summarise(profile: CpuProfile, skipUs: number): Summary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
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
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)!;
      if (isOwnCode(frame)) onStack.add(frameLabel(frame));
    }
    for (const label of onStack) add(inclusive, label, us);
  });
  return { busyUs, byFunction, byPackage, inclusive };
}

function table(title: string, totals: Map<string, number>, busyUs: number, rows: number): string {
  const lines = [...totals].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return [`${title}:`, ...lines.map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${key}`)].join('\n');
}

const [file, skipSeconds = '0', rows = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [skip seconds] [rows]');
const { busyUs, byFunction, byPackage, inclusive } = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(skipSeconds) * 1e6);
process.stdout.write(
  `busy ${(busyUs / 1000).toFixed(0)} ms\n\n${table('self time by function', byFunction, busyUs, Number(rows))}\n\n${table('self time by package', byPackage, busyUs, Number(rows))}\n\n` +
    `${table('inclusive time by function of the service (synchronous stacks only: an await starts a new one)', inclusive, busyUs, Number(rows))}\n`,
);
