import { ChildProcess, execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { eventually } from './eventually';
import { claimPort, freePort } from './free-port';

const run = promisify(execFile);

export interface TestRedisCluster {
  nodes: string[];
  /** For REDIS_CLUSTER_NODES. */
  nodeList: string;
  stop(): Promise<void>;
}

/** A Redis Cluster of `size` masters on loopback ports (Debian's redis-server and redis-cli), nothing kept. */
export async function startRedisCluster(size = 3): Promise<TestRedisCluster> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-cluster-'));
  const ports = await distinctFreePorts(size);
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
        '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    ),
  );
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  const stop = async () => {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await eventually(async () => (await cli(port, 'ping')) === 'PONG', 20_000, 'Redis Cluster did not come up');
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    for (const port of ports) await eventually(async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'), 20_000, 'Redis Cluster did not come up');
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, nodeList: nodes.join(','), stop };
}

async function cli(port: number, ...args: string[]): Promise<string> {
  try {
    return (await run('redis-cli', ['-p', String(port), ...args], { timeout: 2000 })).stdout.trim();
  } catch {
    return '';
  }
}

/** Cluster nodes also listen on port + 10000 (the bus): keep both free and distinct. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    // freePort never hands out a port twice, and every bus port (≥ 25000) lies above every node port.
    const port = await freePort({ below: 22_768 });
    if (await claimPort(port + 10_000)) ports.push(port);
  }
  return ports;
}
