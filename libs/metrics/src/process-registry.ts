import { collectDefaultMetrics, Registry } from 'prom-client';

/** Which process a registry describes; its process metrics are named `imgpro_<component>_…`. */
export type MetricsComponent = 'gateway' | 'worker';

/** A registry with this process's default metrics (CPU, memory, event loop, handles), named as promtool accepts. */
export function createProcessRegistry(component: MetricsComponent): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `imgpro_${component}_` });
  dropMisnamedGauges(registry);
  return registry;
}

/**
 * prom-client's defaults include gauges named `…_total` (active handles, requests, resources), which
 * the exposition format reserves for counters: `promtool check metrics` refuses them. The same counts
 * stay available without the suffix (`…_active_handles`, `…_active_requests`, `…_active_resources`).
 */
function dropMisnamedGauges(registry: Registry): void {
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type !== 'counter' && name.endsWith('_total')) registry.removeSingleMetric(name);
  }
}
