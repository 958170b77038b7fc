import Redis, { Cluster, RedisOptions } from 'ioredis';
import { clusterNodesOf } from './redis-url';

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

/** Ends every cluster client given to BullMQ (call after the queues and workers are closed). */
export function closeClusterClients(): void {
  for (const cluster of clusterClients) cluster.disconnect();
  clusterClients.clear();
}
