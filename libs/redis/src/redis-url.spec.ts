import { clusterNodesOf, clusterUrl, hashTaggedPrefix } from './redis-url';

describe('Redis URLs', () => {
  it('reads the nodes of a redis+cluster:// URL and nothing from a plain one', () => {
    expect(clusterNodesOf('redis+cluster://127.0.0.1:7000,[::1]:7001')).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '::1', port: 7001 },
    ]);
    expect(clusterNodesOf('redis://127.0.0.1:6379')).toBeUndefined();
    expect(clusterUrl([{ host: 'a', port: 1 }, { host: 'b', port: 2 }])).toBe('redis+cluster://a:1,b:2');
    expect(clusterUrl(['a:1', 'b:2'])).toBe('redis+cluster://a:1,b:2');
  });

  it('hash-tags a prefix for a Cluster only, and only once', () => {
    expect(hashTaggedPrefix('imgpro', 'redis+cluster://a:1')).toBe('{imgpro}');
    expect(hashTaggedPrefix('x-{tag}', 'redis+cluster://a:1')).toBe('x-{tag}');
    expect(hashTaggedPrefix('imgpro', 'redis://a:1')).toBe('imgpro');
  });
});
