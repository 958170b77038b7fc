import { timedGet } from '../client/timed-get';
import { BENCH } from '../config';
import type { BareFileServer } from '../infra/bare-file-server';
import { combineLoadRuns, LoadRun, loadRun } from '../measure/load-run';
import type { RolePids } from '../measure/process-cpu';

export interface CachedVariantThroughput {
  gateway: ReturnType<typeof combineLoadRuns>;
  bare: ReturnType<typeof combineLoadRuns>;
  connections: number;
  variantBytes: number;
}

/** Both answers must carry the same bytes and the headers a client relies on, or the comparison is void. */
async function assertSameAnswer(gatewayUrl: string, bareUrl: string): Promise<number> {
  const [viaGateway, viaBare] = [await timedGet(gatewayUrl), await timedGet(bareUrl)];
  for (const [name, answer] of [['gateway', viaGateway], ['bare server', viaBare]] as const) {
    if (answer.status !== 200) throw new Error(`${name}: GET of the cached variant answered ${answer.status}`);
    if (answer.headers['content-length'] !== String(answer.body.length)) throw new Error(`${name}: Content-Length ${answer.headers['content-length']} for ${answer.body.length} bytes`);
  }
  if (!viaGateway.body.equals(viaBare.body)) throw new Error('the bare server does not serve the bytes the gateway serves');
  for (const header of ['content-type', 'etag'] as const) {
    if (viaGateway.headers[header] !== viaBare.headers[header]) throw new Error(`${header} differs: gateway ${viaGateway.headers[header]}, bare ${viaBare.headers[header]}`);
  }
  return viaGateway.body.length;
}

/**
 * Requests per second for one cached variant through the gateway and through the bare file server,
 * same load generator, in alternating rounds (the order flips each round) after a warm-up of each.
 */
export async function measureCachedVariantThroughput(
  gatewayUrl: string,
  bare: BareFileServer,
  pids: { gateway: RolePids; bare: RolePids },
  log: (message: string) => void,
): Promise<CachedVariantThroughput> {
  const { connections, warmupSeconds, roundSeconds, rounds } = BENCH.delivery;
  const variantBytes = await assertSameAnswer(gatewayUrl, bare.url);
  const targets = { gateway: { url: gatewayUrl, pids: pids.gateway }, bare: { url: bare.url, pids: pids.bare } };
  log(`delivery: warm-up ${warmupSeconds} s each, then ${rounds} rounds of ${roundSeconds} s each, ${connections} connections`);
  for (const target of Object.values(targets)) await loadRun(target.url, warmupSeconds, connections);
  const runs: Record<keyof typeof targets, LoadRun[]> = { gateway: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['bare', 'gateway'] as const) : (['gateway', 'bare'] as const);
    for (const name of order) {
      const run = await loadRun(targets[name].url, roundSeconds, connections, targets[name].pids);
      if (run.failures) throw new Error(`${name}: ${run.failures} failed requests in round ${round + 1}`);
      runs[name].push(run);
      log(`delivery: round ${round + 1} ${name} ${(run.requests / run.seconds).toFixed(0)} req/s`);
    }
  }
  return { gateway: combineLoadRuns(runs.gateway), bare: combineLoadRuns(runs.bare), connections, variantBytes };
}
