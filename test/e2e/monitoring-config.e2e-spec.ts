import { promises as fs } from 'fs';
import * as path from 'path';
import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { exposedLabels, exposedMetricNames } from '../harness/prometheus-text';
import { promqlNames } from '../harness/promql-names';
import { promtool } from '../harness/promtool';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const OPS = path.join(__dirname, '..', '..', 'ops');
/** Series Prometheus makes itself for every target, and the labels it adds to every series. */
const FROM_PROMETHEUS = { metrics: ['up'], labels: ['job', 'instance', 'le'] };

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { expr?: string; refId: string }[];
  panels?: Panel[];
}

describe('monitoring: ops/prometheus.yml and the Grafana dashboard', () => {
  let service: TestService;
  let metricNames: Set<string>;
  let labelsOf: Map<string, Set<string>>;
  let panels: Panel[];

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
    const worker = await service.startWorker({ WORKER_METRICS_PORT: '0' });
    // One job of each outcome the dashboard shows, so every labelled series exists.
    const key = (await createKey(service.baseUrl)).key;
    expect((await upload(service.baseUrl, await rasterImage('png'), 'seen.png', key)).status).toBe(201);
    await upload(service.baseUrl, Buffer.from('not an image'.repeat(10)), 'bad.jpg', key);
    const texts = await Promise.all(
      [service.baseUrl, `http://127.0.0.1:${worker.metricsPort}`].map(async (base) => (await request(base).get('/metrics')).text),
    );
    metricNames = new Set([...texts.flatMap((text) => [...exposedMetricNames(text)]), ...FROM_PROMETHEUS.metrics]);
    labelsOf = new Map(texts.flatMap((text) => [...exposedLabels(text)]));
    const dashboard = JSON.parse(await fs.readFile(path.join(OPS, 'grafana', 'dashboards', 'imgpro.json'), 'utf8'));
    panels = (dashboard.panels as Panel[]).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  });

  afterAll(() => service.stop());

  it('ops/prometheus.yml passes `promtool check config`', async () => {
    const result = await promtool(['check', 'config', path.join(OPS, 'prometheus.yml')]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('the dashboard covers what operators watch, each panel on the provisioned Prometheus datasource', async () => {
    const datasource = await fs.readFile(path.join(OPS, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8');
    const uid = /^\s*uid:\s*(\S+)\s*$/m.exec(datasource)?.[1];
    expect(uid).toBeDefined();
    for (const panel of panels.filter((candidate) => candidate.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid } });
      expect({ panel: panel.title, queries: panel.targets?.filter((target) => target.expr).length ?? 0 }).not.toEqual({ panel: panel.title, queries: 0 });
    }
    const used = new Set(panels.flatMap((panel) => panel.targets ?? []).flatMap((target) => promqlNames(target.expr ?? '').metrics));
    for (const metric of [
      'imgpro_queue_jobs',
      'imgpro_queue_oldest_waiting_age_seconds',
      'imgpro_job_duration_seconds_bucket',
      'imgpro_jobs_total',
      'imgpro_http_request_duration_seconds_count',
      'imgpro_http_request_duration_seconds_bucket',
      'imgpro_uploaded_bytes_total',
      'imgpro_gateway_process_cpu_seconds_total',
      'imgpro_worker_process_resident_memory_bytes',
    ]) {
      expect(used).toContain(metric);
    }
  });

  it('every query uses only metric names a live gateway or worker exposes, and labels those metrics carry', () => {
    const unknown = panels.flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) => {
        const names = promqlNames(target.expr ?? '');
        const labels = new Set([...FROM_PROMETHEUS.labels, ...names.metrics.flatMap((metric) => [...(labelsOf.get(metric) ?? [])])]);
        return [
          ...names.metrics.filter((name) => !metricNames.has(name)).map((name) => `${panel.title}: metric ${name}`),
          ...names.labels.filter((name) => !labels.has(name)).map((name) => `${panel.title}: label ${name}`),
        ];
      }),
    );
    expect(unknown).toEqual([]);
    expect(panels.flatMap((panel) => panel.targets ?? []).every((target) => promqlNames(target.expr ?? '').metrics.length > 0)).toBe(true);
  });
});
