import { startTcpProxy, TcpProxy, TcpProxyOptions } from './tcp-proxy';

export interface DatabaseProxy {
  proxy: TcpProxy;
  /** The run's database URL, through the proxy: give it to the processes whose database should fail. */
  url: string;
}

/** A TCP proxy in front of the run's database (see tcp-proxy.ts); the harness's own sql() stays direct. */
export async function startDatabaseProxy(options: TcpProxyOptions = {}): Promise<DatabaseProxy> {
  const direct = new URL(process.env.TEST_DATABASE_URL!);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) }, options);
  const viaProxy = new URL(direct.href);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: viaProxy.href };
}
