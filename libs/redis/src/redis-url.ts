export interface RedisNode {
  host: string;
  port: number;
}

const CLUSTER_SCHEME = 'redis+cluster://';

export const isClusterUrl = (url: string): boolean => url.startsWith(CLUSTER_SCHEME);

/** The nodes of a `redis+cluster://host:port,host:port` URL; undefined for a plain redis:// URL. */
export function clusterNodesOf(url: string): RedisNode[] | undefined {
  if (!isClusterUrl(url)) return undefined;
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

/** `host:port` entries (or nodes) as the redis+cluster:// URL every Redis client here takes. */
export function clusterUrl(nodes: Array<RedisNode | string>): string {
  return CLUSTER_SCHEME + nodes.map((node) => (typeof node === 'string' ? node : `${node.host}:${node.port}`)).join(',');
}

/** On a Redis Cluster every key under one prefix must share a slot: the prefix carries a hash tag, `{imgpro}`. */
export function hashTaggedPrefix(prefix: string, redisUrl: string): string {
  return isClusterUrl(redisUrl) && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}
