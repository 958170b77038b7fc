import { promises as fs } from 'fs';
import * as path from 'path';
import { normaliseImage } from '@app/imaging';
import { makeFixtures, type Fixture } from '../fixtures/images';
import { tempDir } from '../infra/temp-dir';
import { startForeignLoad } from '../measure/foreign-load';
import { writeResults } from '../report/results-file';
import { formatTable } from '../report/table';
import type { Log } from './log';

const ROUNDS = Number(process.env.BENCH_PLACEHOLDER_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.BENCH_PLACEHOLDER_PER_ROUND ?? 4);
const TARGET = 1.05;
const OPTS = { maxPixels: 100_000_000, maxSvgBytes: 10 * 1024 * 1024, timeoutSeconds: 60 };

/**
 * `npm run bench -- placeholders`: worker CPU per 12 MP upload with placeholders ÷ without. The worker's
 * image work (`normaliseImage`, the same function with the same sharp settings) is run in this process
 * with `placeholders` on and off, in alternating rounds, and its CPU (every thread: libvips included) read
 * from `process.cpuUsage`. The rest of an upload's worker CPU (download, store, database) does not change
 * with placeholders, so the ratio over the whole worker is smaller than the one printed here.
 */
export async function runPlaceholdersSuite(log: Log): Promise<void> {
  const dir = await tempDir('placeholders');
  const { camera, photo, small } = await makeFixtures(dir);
  const rows: Array<{ label: string; withMs: number; withoutMs: number; ratio: number; target: number | null }> = [];
  const meter = startForeignLoad();
  for (const fixture of [camera, photo, small]) {
    const cpu = { with: 0, without: 0 };
    let runs = 0;
    await normaliseOnce(fixture, dir, true); // warm-up (JIT, libvips' first load of each codec)
    await normaliseOnce(fixture, dir, false);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      for (const placeholders of round % 2 ? [false, true] : [true, false]) {
        for (let i = 0; i < PER_ROUND; i++) cpu[placeholders ? 'with' : 'without'] += await normaliseOnce(fixture, dir, placeholders);
      }
      runs += PER_ROUND;
    }
    const withMs = cpu.with / runs;
    const withoutMs = cpu.without / runs;
    const twelveMp = fixture.width * fixture.height >= 12_000_000;
    rows.push({ label: fixture.label, withMs, withoutMs, ratio: withMs / withoutMs, target: twelveMp ? TARGET : null });
    log(`${fixture.label}: ${withMs.toFixed(1)} ms with placeholders, ${withoutMs.toFixed(1)} ms without (${runs} each)`);
  }
  const load = meter.stop();
  log(`other programs used ${load.foreignCores} cores meanwhile${load.foreignCores > 0.25 ? ' — figures may be disturbed' : ''}`);
  const table = formatTable(
    ['upload', 'CPU ms with', 'CPU ms without', 'with ÷ without', 'target', 'verdict'],
    rows.map((row) => [
      row.label,
      row.withMs.toFixed(1),
      row.withoutMs.toFixed(1),
      row.ratio.toFixed(3),
      row.target ? `≤ ${row.target}` : '—',
      row.target ? (row.ratio <= row.target ? 'PASS' : 'MISS') : '',
    ]),
  );
  process.stdout.write(`\nWorker image work per upload, placeholders on vs off\n${table}\n`);
  log(`results: ${await writeResults('placeholders.json', { rounds: ROUNDS, perRound: PER_ROUND, foreignCores: load.foreignCores, rows })}`);
}

/** One normalisation into a fresh output; its CPU in ms, all threads. */
async function normaliseOnce(fixture: Fixture, dir: string, placeholders: boolean): Promise<number> {
  const output = path.join(dir, `out-${process.hrtime.bigint()}`);
  const before = process.cpuUsage();
  await normaliseImage(fixture.path, output, { ...OPTS, placeholders });
  const used = process.cpuUsage(before);
  await fs.rm(output, { force: true });
  return (used.user + used.system) / 1000;
}
