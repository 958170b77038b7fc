import { TimedGet, timedGet } from '../client/timed-get';
import { BENCH } from '../config';
import type { BareFileServer } from '../infra/bare-file-server';
import { combineLoadRuns, LoadRun, loadRun } from '../measure/load-run';
import type { RolePids } from '../measure/process-cpu';

type Combined = ReturnType<typeof combineLoadRuns>;

export interface CachedVariantThroughput {
  /** Full answers (200 with the variant's bytes). */
  gateway: Combined;
  bare: Combined;
  /** Revalidations (If-None-Match with the variant's ETag: 304). */
  gatewayNotModified: Combined;
  bareNotModified: Combined;
  connections: number;
  variantBytes: number;
}

const REPRESENTATION = ['content-type', 'etag', 'last-modified', 'cache-control', 'x-content-type-options', 'accept-ranges'] as const;

/**
 * Both answers must carry the same bytes and the headers a client relies on, and both revalidations a 304
 * with those same headers and no body, or the comparison is void.
 */
async function assertSameAnswer(gatewayUrl: string, bareUrl: string): Promise<{ bytes: number; etag: string }> {
  const [viaGateway, viaBare] = [await timedGet(gatewayUrl), await timedGet(bareUrl)];
  for (const [name, answer] of [['gateway', viaGateway], ['bare server', viaBare]] as const) {
    if (answer.status !== 200) throw new Error(`${name}: GET of the cached variant answered ${answer.status}`);
    if (answer.headers['content-length'] !== String(answer.body.length)) throw new Error(`${name}: Content-Length ${answer.headers['content-length']} for ${answer.body.length} bytes`);
  }
  if (!viaGateway.body.equals(viaBare.body)) throw new Error('the bare server does not serve the bytes the gateway serves');
  assertSameHeaders('', viaGateway, viaBare);
  const etag = viaGateway.headers.etag!;
  const [revalidatedViaGateway, revalidatedViaBare] = [await timedGet(gatewayUrl, { 'If-None-Match': etag }), await timedGet(bareUrl, { 'If-None-Match': etag })];
  for (const [name, answer] of [['gateway', revalidatedViaGateway], ['bare server', revalidatedViaBare]] as const) {
    if (answer.status !== 304 || answer.body.length) throw new Error(`${name}: revalidation answered ${answer.status} with ${answer.body.length} bytes`);
  }
  assertSameHeaders('304: ', revalidatedViaGateway, revalidatedViaBare);
  return { bytes: viaGateway.body.length, etag };
}

function assertSameHeaders(what: string, viaGateway: TimedGet, viaBare: TimedGet): void {
  for (const header of REPRESENTATION) {
    if (viaGateway.headers[header] === undefined || viaGateway.headers[header] !== viaBare.headers[header]) {
      throw new Error(`${what}${header} differs: gateway ${viaGateway.headers[header]}, bare ${viaBare.headers[header]}`);
    }
  }
}

/**
 * Requests per second for one cached variant through the gateway and through the bare file server, full
 * answers and 304 revalidations, same load generator, in alternating rounds (the order flips each round)
 * after a warm-up of each.
 */
export async function measureCachedVariantThroughput(
  gatewayUrl: string,
  bare: BareFileServer,
  pids: { gateway: RolePids; bare: RolePids },
  log: (message: string) => void,
): Promise<CachedVariantThroughput> {
  const { connections, warmupSeconds, roundSeconds, rounds } = BENCH.delivery;
  const { bytes: variantBytes, etag } = await assertSameAnswer(gatewayUrl, bare.url);
  const revalidation = { headers: { 'If-None-Match': etag }, expectStatus: 304 };
  const targets = {
    gateway: { url: gatewayUrl, options: { pids: pids.gateway } },
    bare: { url: bare.url, options: { pids: pids.bare } },
    gatewayNotModified: { url: gatewayUrl, options: { pids: pids.gateway, ...revalidation } },
    bareNotModified: { url: bare.url, options: { pids: pids.bare, ...revalidation } },
  };
  type Name = keyof typeof targets;
  log(`delivery: warm-up ${warmupSeconds} s each, then ${rounds} rounds of ${roundSeconds} s each (200s and 304s), ${connections} connections`);
  for (const target of Object.values(targets)) await loadRun(target.url, warmupSeconds, connections, target.options);
  const runs: Record<Name, LoadRun[]> = { gateway: [], bare: [], gatewayNotModified: [], bareNotModified: [] };
  for (let round = 0; round < rounds; round++) {
    const order: Name[] = round % 2 === 0 ? ['bare', 'gateway', 'bareNotModified', 'gatewayNotModified'] : ['gatewayNotModified', 'bareNotModified', 'gateway', 'bare'];
    for (const name of order) {
      const run = await loadRun(targets[name].url, roundSeconds, connections, targets[name].options);
      if (run.failures) throw new Error(`${name}: ${run.failures} failed requests in round ${round + 1}`);
      runs[name].push(run);
      log(`delivery: round ${round + 1} ${name} ${(run.requests / run.seconds).toFixed(0)} req/s`);
    }
  }
  return {
    gateway: combineLoadRuns(runs.gateway),
    bare: combineLoadRuns(runs.bare),
    gatewayNotModified: combineLoadRuns(runs.gatewayNotModified),
    bareNotModified: combineLoadRuns(runs.bareNotModified),
    connections,
    variantBytes,
  };
}
