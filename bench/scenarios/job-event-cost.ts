import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import type { Fixture } from '../fixtures/images';
import type { BenchService } from '../infra/service';
import { startForeignLoad } from '../measure/foreign-load';
import { runPool } from '../measure/pool';
import { cpuMs, RoleCpuMs, RolePids, startCpuMeter } from '../measure/process-cpu';
import { round } from '../measure/stats';

/** An unverified account may upload 100 times a month: a fresh key every this many uploads. */
const UPLOADS_PER_KEY = 90;

export interface JobEventCost {
  gateways: number;
  jobs: number;
  elapsedMs: number;
  uploadsPerSecond: number;
  /** CPU ms per upload of the gateway that takes them all, and of its background over the same time. */
  busyGatewayMsPerUpload: number;
  /** CPU ms each idle gateway spent per 1,000 jobs of the busy one: raw, and minus its own quiet-time background. */
  idleGatewayMsPer1000Jobs: number[];
  idleGatewayExcessMsPer1000Jobs: number[];
  /** Each idle gateway's CPU while nothing runs, ms per second (timers, queue polling, metrics). */
  idleGatewayQuietMsPerSecond: number[];
  redisMsPerUpload: number;
  workerMsPerUpload: number;
  foreignCores: number;
}

/** CPU ms per second each process spends while nothing is asked of it. */
async function quietRate(pids: number[], seconds: number): Promise<number[]> {
  const before = pids.map(cpuMs);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return pids.map((pid, i) => (cpuMs(pid) - before[i]) / seconds);
}

/**
 * `jobs` uploads of the small PNG to the first gateway (client concurrency `concurrency`), while the other
 * gateways only run: whatever they spend meanwhile beyond their quiet-time background is the price of
 * other gateways' jobs.
 */
export async function measureJobEventCost(service: BenchService, small: Fixture, jobs: number, concurrency: number, quietSeconds: number): Promise<JobEventCost> {
  const idle = service.gateways.slice(1).map((g) => g.pid);
  const quiet = await quietRate(idle, quietSeconds);
  // Sockets idle that long may be closed by the gateway just as they are reused: start afresh.
  agent.destroy();
  const keys: string[] = [];
  for (let i = 0; i < Math.ceil(jobs / UPLOADS_PER_KEY); i++) keys.push(await createKey(service.baseUrl));
  const pids: RolePids = { busy: service.gateway.pid, redis: service.redisPid, worker: service.worker.pid, ...Object.fromEntries(idle.map((pid, i) => [`idle${i}`, pid])) };
  const load = startForeignLoad();
  const meter = startCpuMeter(pids);
  const file = { name: small.name, contentType: small.contentType, bytes: small.bytes };
  const run = await runPool(jobs, concurrency, async (index) => {
    expectStatus(await upload(service.baseUrl, keys[Math.floor(index / UPLOADS_PER_KEY)], file), 201, 'upload of the small PNG');
  });
  const cpu: RoleCpuMs = meter.stop();
  const seconds = run.elapsedMs / 1000;
  const per1000 = (ms: number) => round((ms * 1000) / jobs, 1);
  return {
    gateways: service.gateways.length,
    jobs,
    elapsedMs: round(run.elapsedMs, 0),
    uploadsPerSecond: round((jobs * 1000) / run.elapsedMs, 1),
    busyGatewayMsPerUpload: round(cpu.busy / jobs, 2),
    idleGatewayMsPer1000Jobs: idle.map((_, i) => per1000(cpu[`idle${i}`])),
    idleGatewayExcessMsPer1000Jobs: idle.map((_, i) => per1000(cpu[`idle${i}`] - quiet[i] * seconds)),
    idleGatewayQuietMsPerSecond: quiet.map((rate) => round(rate, 2)),
    redisMsPerUpload: round(cpu.redis / jobs, 2),
    workerMsPerUpload: round(cpu.worker / jobs, 2),
    foreignCores: load.stop().foreignCores,
  };
}
