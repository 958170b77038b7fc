import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from '../harness/free-port';
import { startTestService, TestService } from '../harness/test-service';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
/** One-shot services: they run to completion, so a restart policy would run them again and again. */
const ONE_SHOT = ['migrate', 'minio-bucket'];

interface ComposeService {
  restart?: string;
  ports?: { published: number; target: number }[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  volumes?: string[];
}

/** docker-compose.yml as Compose resolves it (every profile), read as JSON through Python's YAML. */
async function resolvedCompose(): Promise<Record<string, ComposeService>> {
  const { stdout } = await run('docker-compose', ['-f', 'docker-compose.yml', '--profile', 'monitoring', 'config'], {
    cwd: ROOT,
    env: { ...process.env, SIGNING_SECRET: 'compose-file-test' },
  });
  const json = await new Promise<string>((resolve, reject) => {
    const child = execFile('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], (error, out) =>
      error ? reject(error) : resolve(out),
    );
    child.stdin!.end(stdout);
  });
  return JSON.parse(json).services;
}

/** Runs a compose health check's command here, aimed at `port` instead of the container's own. */
async function healthCheckExitCode(service: ComposeService, containerPort: number, port: number): Promise<number> {
  const [kind, command, ...args] = service.healthcheck!.test;
  expect(kind).toBe('CMD');
  const aimed = args.map((arg) => arg.replace(`127.0.0.1:${containerPort}/`, `127.0.0.1:${port}/`));
  expect(aimed).not.toEqual(args);
  return run(command, aimed, { timeout: 10_000 }).then(() => 0, (error: { code?: number }) => error.code ?? -1);
}

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;
  let service: TestService;

  beforeAll(async () => {
    services = await resolvedCompose();
    service = await startTestService({ workers: 0 });
  });
  afterAll(() => service?.stop());

  it('restarts every long-running service unless it was stopped', () => {
    const policies = Object.entries(services).filter(([name]) => !ONE_SHOT.includes(name)).map(([name, s]) => [name, s.restart]);
    expect(policies.length).toBeGreaterThan(5);
    expect(policies).toEqual(policies.map(([name]) => [name, 'unless-stopped']));
  });

  it('scales gateways behind the balancer: only the balancer publishes the API port', () => {
    expect(services.gateway.ports).toBeUndefined();
    expect(services.gateway.environment?.TRUST_PROXY).toBe('1');
    expect(services.balancer.ports).toEqual([expect.objectContaining({ published: 3000, target: 3000 })]);
    expect(services.balancer.environment).toMatchObject({ LISTEN_PORT: '3000', GATEWAY_UPSTREAM: 'gateway:3000' });
    expect(services.balancer.volumes).toEqual([expect.stringMatching(/ops\/nginx\/gateways\.conf\.template:\/etc\/nginx\/templates\/gateways\.conf\.template:ro$/)]);
  });

  it("the gateway's health check passes against a live gateway and fails when none answers", async () => {
    const live = Number(new URL(service.baseUrl).port);
    expect(await healthCheckExitCode(services.gateway, 3000, live)).toBe(0);
    expect(await healthCheckExitCode(services.gateway, 3000, await freePort())).toBe(1);
  });

  it("the worker's health check passes against a live worker's metrics port and fails when none answers", async () => {
    const worker = await service.startWorker({ WORKER_METRICS_PORT: '0' });
    expect(services.worker.environment?.WORKER_METRICS_PORT).toBe('9464');
    expect(await healthCheckExitCode(services.worker, 9464, worker.metricsPort!)).toBe(0);
    expect(await healthCheckExitCode(services.worker, 9464, await freePort())).toBe(1);
  });
});
