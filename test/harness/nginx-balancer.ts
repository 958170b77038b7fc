import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitUntil } from './eventually';
import { freePort } from './free-port';
import { portAnswers } from './launcher-process';
import { signalAndWait } from './process-exit';

const TEMPLATE = path.join(__dirname, '..', '..', 'ops', 'nginx', 'gateways.conf.template');

export interface NginxBalancer {
  url: string;
  stop(): Promise<void>;
}

/**
 * ops/nginx/gateways.conf.template rendered as the nginx image renders it (only the named variables are
 * replaced) and run by Debian's nginx on a free loopback port, in front of `gatewayAddress`. An IP
 * address needs no resolver lookup, so the resolver named is never asked.
 */
export async function startNginxBalancer(gatewayAddress: string): Promise<NginxBalancer> {
  const port = await freePort();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-nginx-'));
  const rendered = renderTemplate(await fs.readFile(TEMPLATE, 'utf8'), {
    LISTEN_PORT: `127.0.0.1:${port}`,
    GATEWAY_UPSTREAM: gatewayAddress,
    DNS_RESOLVER: '127.0.0.1',
  });
  await fs.writeFile(path.join(dir, 'gateways.conf'), rendered);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${path.join(dir, kind)};`);
  await fs.writeFile(
    path.join(dir, 'nginx.conf'),
    `pid ${path.join(dir, 'nginx.pid')};\nerror_log stderr warn;\nevents {}\nhttp {\n  access_log off;\n  ${temp.join('\n  ')}\n  include ${path.join(dir, 'gateways.conf')};\n}\n`,
  );
  // One process as the caller's user: no master switching to a user who cannot read the folder.
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off; master_process off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) await signalAndWait(child, 'SIGTERM', 5000);
    await fs.rm(dir, { recursive: true, force: true });
  };
  // Stops waiting as soon as nginx exits (a config it refuses): its answer is then in `errors`.
  const settled = await waitUntil(async () => child.exitCode !== null || (await portAnswers(port)), 5000, 50);
  if (!settled || child.exitCode !== null) {
    await stop();
    throw new Error(`nginx did not start: ${errors}`);
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
