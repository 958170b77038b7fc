import request from 'supertest';
import { pathOf, upload } from '../harness/api-client';
import { ImportSource, startImportSource } from '../harness/import-source-server';
import { rasterImage } from '../fixtures/images';
import { Answer, BadInput, badInputs, Expected } from './support/bad-inputs';
import { isDocumentedError, isProtocolError } from './support/documented-error';
import { childPids, watchPeakRss } from '../harness/process-rss';
import { startStreamService, StreamService } from './support/stream-service';
import { createStreamKey } from './support/stream-key';

const ROUNDS = 3;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 6000;
const IDLE_TIMEOUT_MS = 1500;
// About twice the peaks seen over four runs on a loaded 2-core machine (gateway 171-180 MiB, worker
// 156-179 MiB): a leak or an unbounded buffer of any bad input (the 12.5 MB BMP, the 10,000-frame GIF)
// would pass them.
const GATEWAY_RSS_BOUND_MIB = 360;
const WORKER_RSS_BOUND_MIB = 360;
// An isolated decoder may fill one RGBA image at the pixel limit (MAX_INPUT_PIXELS, 100 Mpx: 381 MiB)
// before its time runs out (the 9999x9999 BMP gets 102-119 MiB far under load, 239 MiB on a quiet
// machine), plus its own baseline: the bound is that limit, not the input's size.
const DECODER_RSS_BOUND_MIB = 381 + 128;

interface Outcome extends Answer {
  input: BadInput;
  ms: number;
}

function answersAsExpected(expected: Expected, answer: Answer): boolean {
  const body = answer.body as { error?: unknown; format?: unknown };
  if ('format' in expected) return answer.status === 201 && body?.format === expected.format;
  const documented = isDocumentedError(answer.status, answer.body) || isProtocolError(answer.status, answer.body);
  return documented && answer.status === expected.status && body.error === expected.error;
}

async function sendTimed(input: BadInput, baseUrl: string, key: string): Promise<Outcome> {
  const started = Date.now();
  const answer = await input.send(baseUrl, key).catch((error: Error) => ({ status: 0, body: `no answer: ${error.message}` }));
  return { input, ...answer, ms: Date.now() - started };
}

/** Every input ROUNDS times, CONCURRENCY at a time, each round starting at a different place in the list. */
async function storm(inputs: BadInput[], baseUrl: string, key: string): Promise<Outcome[]> {
  const shift = Math.floor(inputs.length / ROUNDS);
  const queue = Array.from({ length: ROUNDS }, (_, round) => inputs.map((_, i) => inputs[(i + round * shift) % inputs.length])).flat();
  const outcomes: Outcome[] = [];
  const lane = async () => {
    for (let input = queue.shift(); input; input = queue.shift()) outcomes.push(await sendTimed(input, baseUrl, key));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return outcomes;
}

function countBy(outcomes: Outcome[], label: (o: Outcome) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[label(outcome)] = (counts[label(outcome)] ?? 0) + 1;
  return counts;
}

/**
 * Truncated files, polyglots, decompression and render bombs, lying content types, broken multipart, a
 * 10,000-frame GIF, slow-drip uploads and lying or endless import sources, sent again and again and
 * concurrently to a gateway process backed by one worker process: every answer is the documented one,
 * memory stays bounded, and both processes live on to serve a normal upload.
 */
describe('bad inputs through the whole stack', () => {
  let stack: StreamService;
  let source: ImportSource;

  beforeAll(async () => {
    source = await startImportSource();
    stack = await startStreamService(1, {
      env: {
        // Render bombs end at this; at 2 s a small SVG's isolated render (a fresh child process) missed it under load.
        DECODE_TIMEOUT_S: '4',
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
        IMPORT_ALLOWED_CIDRS: '127.0.0.0/8',
        IMPORT_TIMEOUT_MS: '1500',
        JOB_WAIT_TIMEOUT_MS: '30000',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await source?.close();
  });

  it(`answers ${ROUNDS} concurrent rounds of every bad input as documented, within bounded memory, and nothing dies`, async () => {
    const gatewayUrl = stack.gateways[1];
    const gateway = stack.gateway.process;
    const worker = stack.service.workers[0].process;
    const [gatewayPid, workerPid] = [gateway.pid!, worker.pid!];
    const { key } = await createStreamKey(stack.service.baseUrl);
    const inputs = await badInputs(source);

    const rss = watchPeakRss(() => [gatewayPid, workerPid, ...childPids(workerPid)]);
    const started = Date.now();
    const outcomes = await storm(inputs, gatewayUrl, key);
    const seconds = Math.round((Date.now() - started) / 1000);
    rss.stop();

    const gatewayPeak = rss.peaks.get(gatewayPid) ?? 0;
    const workerPeak = rss.peaks.get(workerPid) ?? 0;
    const decoderPeak = Math.max(0, ...[...rss.peaks].filter(([pid]) => pid !== gatewayPid && pid !== workerPid).map(([, mib]) => mib));
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      `bad inputs: ${outcomes.length} answers (${ROUNDS} rounds of ${inputs.length} inputs, ${CONCURRENCY} at a time) in ${seconds} s, ` +
        `statuses ${JSON.stringify(countBy(outcomes, (o) => String(o.status)))}, ` +
        `codes ${JSON.stringify(countBy(outcomes, (o) => String((o.body as { error?: string })?.error ?? (o.status === 201 ? 'stored' : '?'))))}, ` +
        `peak RSS gateway ${gatewayPeak} MiB (bound ${GATEWAY_RSS_BOUND_MIB}), worker ${workerPeak} MiB (bound ${WORKER_RSS_BOUND_MIB}), ` +
        `decoder child ${decoderPeak} MiB (bound ${DECODER_RSS_BOUND_MIB}), slowest answer ${slowest.ms} ms (${slowest.input.name})`,
    );

    const unexpected = outcomes.filter((o) => !answersAsExpected(o.input.expected, o)).map((o) => [o.input.name, o.status, o.body]);
    expect(unexpected).toEqual([]);
    expect(gatewayPeak).toBeLessThan(GATEWAY_RSS_BOUND_MIB);
    expect(workerPeak).toBeLessThan(WORKER_RSS_BOUND_MIB);
    expect(decoderPeak).toBeLessThan(DECODER_RSS_BOUND_MIB);

    // What was stored is served as the image it really is, never as something a browser would sniff.
    const storedOnce = new Map(outcomes.filter((o) => o.status === 201).map((o) => [o.input.name, o.body as { src: string; format: string }]));
    for (const [name, media] of storedOnce) {
      const served = await request(gatewayUrl).get(pathOf(media.src)).buffer(true);
      expect([name, served.status, served.headers['content-type'], served.headers['x-content-type-options']]).toEqual([
        name,
        200,
        expect.stringMatching(/^image\//),
        'nosniff',
      ]);
      if (media.format === 'svg') expect(served.body.toString()).not.toMatch(/script|onload|attacker/i);
    }

    expect([gateway.pid, gateway.exitCode, gateway.signalCode]).toEqual([gatewayPid, null, null]);
    expect([worker.pid, worker.exitCode, worker.signalCode]).toEqual([workerPid, null, null]);
    const after = await upload(gatewayUrl, await rasterImage('jpeg', 64, 48), 'after-the-storm.jpg', key);
    expect([after.status, after.body.format]).toEqual([201, 'jpeg']);
  });
});
