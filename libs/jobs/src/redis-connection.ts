import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';

export interface RedisNode {
  host: string;
  port: number;
}

const CLUSTER_SCHEME = 'redis+cluster://';

/** The nodes of a `redis+cluster://host:port,host:port` URL; undefined for a plain redis:// URL. */
export function clusterNodesOf(url: string): RedisNode[] | undefined {
  if (!url.startsWith(CLUSTER_SCHEME)) return undefined;
  return url
    .slice(CLUSTER_SCHEME.length)
    .replace(/\/.*$/, '')
    .split(',')
    .filter(Boolean)
    .map((node) => {
      const at = node.lastIndexOf(':');
      return { host: node.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(node.slice(at + 1)) };
    });
}

export function clusterUrl(nodes: RedisNode[]): string {
  return CLUSTER_SCHEME + nodes.map((node) => `${node.host}:${node.port}`).join(',');
}

/** Cluster clients handed to BullMQ, which never closes a client it was given: closed by closeClusterClients. */
const clusterClients = new Set<Cluster>();

/**
 * The one way every part of the service opens Redis (queues, workers, QueueEvents, rate limits, health,
 * the launcher's check): a single server for redis://, an ioredis Cluster for redis+cluster://.
 */
export function createRedisClient(url: string, options: RedisOptions = {}): Redis | Cluster {
  const nodes = clusterNodesOf(url);
  if (!nodes) return new Redis(url, options);
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  const cluster = new Cluster(nodes, {
    redisOptions: perNode,
    enableOfflineQueue,
    lazyConnect,
    // A failed command is tried again on another node; with maxRetriesPerRequest 0 the caller wants none.
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    ...(perNode.maxRetriesPerRequest === 0 ? { clusterRetryStrategy: () => null } : {}),
  });
  clusterClients.add(cluster);
  cluster.once('end', () => clusterClients.delete(cluster));
  return cluster;
}

/** BullMQ connection; workers require maxRetriesPerRequest: null. The single-server path stays plain options. */
export function redisConnectionOptions(redisUrl: string): ConnectionOptions {
  if (!clusterNodesOf(redisUrl)) return { url: redisUrl, maxRetriesPerRequest: null };
  return createRedisClient(redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions;
}

/** Ends every cluster client given to BullMQ (call after the queues and workers are closed). */
export function closeClusterClients(): void {
  for (const cluster of clusterClients) cluster.disconnect();
  clusterClients.clear();
}
