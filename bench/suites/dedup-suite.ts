import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import { makeFixtures, type Fixture } from '../fixtures/images';
import { onCleanup } from '../infra/cleanup';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { startForeignLoad } from '../measure/foreign-load';
import { cpuMs } from '../measure/process-cpu';
import { round } from '../measure/stats';
import { writeResults } from '../report/results-file';
import { summaryTable, Verdict } from '../report/summary';
import type { Log } from './log';

const ROUNDS = Number(process.env.BENCH_DEDUP_ROUNDS ?? 8);
const CPU_TARGET = 0.1;

/**
 * `npm run bench -- dedup`: a second upload of identical 12 MP bytes by the same account. Each round uploads
 * bytes of its own (the fixture with a JPEG comment naming the round, so no round shares another's object)
 * twice, one after the other, and reads the worker process's CPU (`/proc`, every thread) around each, and
 * the files in the folder store (staging aside) before and after the second.
 */
export async function runDedupSuite(log: Log): Promise<void> {
  const { camera, photo } = await makeFixtures(await tempDir('fixtures'));
  log('dedup: starting redis, embedded database, folder store, gateway and 1 worker');
  const service = await startService(1);
  onCleanup('client sockets', async () => agent.destroy());
  const key = await createKey(service.baseUrl);
  const objectsRoot = path.join(service.dataDir, 'objects');
  const storedFiles = async () => (await filesUnder(objectsRoot)).filter((file) => !file.startsWith(`staging${path.sep}`)).length;

  const send = async (fixture: Fixture, bytes: Buffer) => {
    const before = cpuMs(service.worker.pid);
    const result = await upload(service.baseUrl, key, { name: fixture.name, contentType: fixture.contentType, bytes });
    expectStatus(result, 201, `upload of the ${fixture.label}`);
    return cpuMs(service.worker.pid) - before;
  };
  // Warm-up: the worker's first job loads codecs and compiles its code.
  await send(photo, withComment(photo.bytes, 'warm-up'));

  const meter = startForeignLoad();
  const rows: Array<{ fixture: string; firstMs: number; secondMs: number; newFiles: number }> = [];
  for (const fixture of [camera, photo]) {
    let firstMs = 0;
    let secondMs = 0;
    let newFiles = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const bytes = withComment(fixture.bytes, `${fixture.name} round ${i}`);
      firstMs += await send(fixture, bytes);
      const filesBefore = await storedFiles();
      secondMs += await send(fixture, bytes);
      newFiles += (await storedFiles()) - filesBefore;
    }
    rows.push({ fixture: fixture.label, firstMs: firstMs / ROUNDS, secondMs: secondMs / ROUNDS, newFiles });
    log(`dedup: ${fixture.label}: worker CPU ${round(firstMs / ROUNDS, 1)} ms first, ${round(secondMs / ROUNDS, 1)} ms second (${ROUNDS} rounds), ${newFiles} new stored files`);
  }
  const load = meter.stop();
  if (load.foreignCores > 0.25) log(`note: other programs used ${load.foreignCores} cores meanwhile — figures may be disturbed`);

  const verdicts: Verdict[] = rows.flatMap((row) => [
    {
      name: `D1 worker CPU, second ÷ first upload of identical ${row.fixture}`,
      service: round(row.secondMs, 1),
      reference: round(row.firstMs, 1),
      value: round(row.secondMs / row.firstMs, 3),
      unit: '×',
      target: `≤ ${CPU_TARGET}`,
      pass: row.secondMs / row.firstMs <= CPU_TARGET,
    },
    {
      name: `D2 stored files added by the second uploads (${ROUNDS}) of ${row.fixture}, staging aside`,
      service: row.newFiles,
      reference: 0,
      value: row.newFiles,
      unit: 'files',
      target: '= 0',
      pass: row.newFiles === 0,
    },
  ]);
  process.stdout.write(`\nDedup benchmark — folder store, embedded database, 1 worker, ${ROUNDS} rounds per fixture\n\n${summaryTable(verdicts)}\n\n`);
  log(
    `results: ${await writeResults('dedup.json', {
      date: new Date().toISOString(),
      machine: { node: process.version, cores: os.availableParallelism(), loadAverage: os.loadavg() },
      rounds: ROUNDS,
      foreignCores: load.foreignCores,
      rows,
      verdicts,
    })}`,
  );
}

/** The same JPEG with a comment segment after its start marker: other bytes, the same image. */
function withComment(jpeg: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, 'latin1');
  const header = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, text, jpeg.subarray(2)]);
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
}
