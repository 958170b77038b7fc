import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { ACTION_TYPES, ERROR_CATALOGUE } from '@app/errors';
import { WEBHOOK_EVENTS } from '@app/webhooks';
import { parsePage } from '../harness/html-document';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';
import { UNDOCUMENTED_PATHS } from '../harness/contract/undocumented-routes';

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every method + path the in-process gateway's Express router has, in OpenAPI's `{param}` form. */
function registeredRoutes(service: TestService): string[] {
  const express = service.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of ([] as string[]).concat(layer.route.path)) {
      if (UNDOCUMENTED_PATHS.test(path)) continue;
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        routes.add(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`);
      }
    }
  }
  return [...routes].sort();
}

describe('service documents', () => {
  let service: TestService;
  let document: Record<string, any>;

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
    const response = await request(service.baseUrl).get('/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => service.stop());

  it('serves an OpenAPI document that a real validator accepts', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(document.openapi).toMatch(/^3\./);
  });

  it('documents exactly the routes the app registers', () => {
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const registered = registeredRoutes(service);
    expect(registered.length).toBeGreaterThan(20);
    expect(documented).toEqual(registered);
  });

  it('gives every operation a success answer and its errors in the one shared error schema', () => {
    const errorSchema = document.components.schemas.ErrorBodySchema;
    expect(Object.keys(errorSchema.properties).sort()).toEqual(['action', 'error', 'errors', 'message', 'retry_after', 'usage']);
    expect(document.components.schemas.ErrorActionSchema.properties.type.enum).toEqual([...ACTION_TYPES]);
    const documentedCodes = new Set<string>();
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        expect({ operation: `${method} ${path}`, success: statuses.some((status) => /^[23]/.test(status)) }).toEqual({ operation: `${method} ${path}`, success: true });
        // Readiness answers 503 with its per-dependency report, by design not an error body.
        const errorStatuses = statuses.filter((status) => /^[45]/.test(status) && !(path === '/health/ready' && status === '503'));
        const jsonErrors = errorStatuses.filter((status) => operation.responses[status].content?.['application/json']);
        // Every operation can at least fail with internal_error; HTML pages' own 403/404 and an empty 416 are not JSON.
        expect({ operation: `${method} ${path}`, internalError: jsonErrors.includes('500') }).toEqual({ operation: `${method} ${path}`, internalError: true });
        for (const status of jsonErrors) {
          const content = operation.responses[status].content['application/json'];
          expect(content.schema).toEqual({ $ref: '#/components/schemas/ErrorBodySchema' });
          for (const example of Object.values(content.examples) as { value: { error: string } }[]) {
            expect(ERROR_CATALOGUE).toHaveProperty(example.value.error);
            documentedCodes.add(example.value.error);
          }
        }
      }
    }
    expect([...documentedCodes].sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it('documents request bodies: multipart upload with its file, JSON import with its url', () => {
    const upload = document.paths['/v1/upload'].post.requestBody.content['multipart/form-data'].schema;
    expect(JSON.stringify(document.components.schemas[upload.$ref.split('/').pop()])).toContain('"format":"binary"');
    const importBody = document.paths['/v1/import'].post.requestBody.content['application/json'].schema;
    expect(document.components.schemas[importBody.$ref.split('/').pop()].required).toContain('url');
  });

  describe('states the limits request validation enforces', () => {
    const schemaOf = (path: string, method: string, type: string) => {
      const ref: string = document.paths[path][method].requestBody.content[type].schema.$ref;
      return document.components.schemas[ref.split('/').pop()!].properties as Record<string, any>;
    };
    /** The field errors of an anonymous import with `fields` (its ttl is always refused, so nothing is ever created). */
    const importErrors = async (fields: Record<string, string>): Promise<Record<string, string[]>> => {
      const response = await request(service.baseUrl).post('/v1/import').send({ url: 'http://example.com/a.png', ttl: 'never', ...fields });
      expect(response.status).toBe(422);
      return response.body.errors;
    };

    it('name and description: the documented length passes, one more is refused; PATCH states the same', async () => {
      const fields = schemaOf('/v1/import', 'post', 'application/json');
      const { maxLength: name } = fields.name;
      const { maxLength: description } = fields.description;
      expect([typeof name, typeof description]).toEqual(['number', 'number']);
      expect(Object.keys(await importErrors({ name: 'n'.repeat(name), description: 'd'.repeat(description) }))).toEqual(['ttl']);
      const refused = await importErrors({ name: 'n'.repeat(name + 1), description: 'd'.repeat(description + 1) });
      expect(Object.keys(refused).sort()).toEqual(['description', 'name', 'ttl']);
      expect(refused.name).toEqual([`Must be at most ${name} characters`]);
      const upload = schemaOf('/v1/upload', 'post', 'multipart/form-data');
      const patch = schemaOf('/v1/media/{id}', 'patch', 'application/json');
      for (const other of [upload, patch]) {
        expect([other.name.maxLength, other.description.maxLength, other.namespace.pattern]).toEqual([name, description, fields.namespace.pattern]);
      }
    });

    it('namespace: the documented pattern is the rule', async () => {
      const pattern = new RegExp(schemaOf('/v1/import', 'post', 'application/json').namespace.pattern);
      for (const namespace of ['a', 'ab', 'a-9', 'x'.repeat(64), 'x'.repeat(65), 'Ab', 'a_b']) {
        const refused = 'namespace' in (await importErrors({ namespace }));
        expect({ namespace, refused }).toEqual({ namespace, refused: !pattern.test(namespace) });
      }
    });

    it('key name: the documented length passes, one more is refused', async () => {
      const { maxLength } = schemaOf('/v1/keys', 'post', 'application/json').name;
      expect(typeof maxLength).toBe('number');
      const keyErrors = async (name: string) => (await request(service.baseUrl).post('/v1/keys').send({ email: 'not an email', name })).body.errors;
      expect(Object.keys(await keyErrors('k'.repeat(maxLength)))).toEqual(['email']);
      expect(Object.keys(await keyErrors('k'.repeat(maxLength + 1))).sort()).toEqual(['email', 'name']);
    });
  });

  it('renders the document at /docs from local files only', async () => {
    const page = await request(service.baseUrl).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const sources = parsePage(page.text).root.querySelectorAll('script, link[rel=stylesheet]').map((element) => element.getAttribute('src') ?? element.getAttribute('href')!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source.startsWith('/docs/')).toBe(true);
      const asset = await request(service.baseUrl).get(source).buffer(true);
      expect({ source, status: asset.status }).toEqual({ source, status: 200 });
      expect(asset.body.length || asset.text.length).toBeGreaterThan(100);
    }
    expect((await request(service.baseUrl).get('/docs/package.json')).status).toBe(404);
  });

  it('llms.txt names every error code of the catalogue and every action type, with the configured limits', async () => {
    for (const path of ['/llms.txt', '/llms-full.txt']) {
      const response = await request(service.baseUrl).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      for (const code of Object.keys(ERROR_CATALOGUE)) expect(response.text).toContain(`- ${code} (HTTP`);
      for (const type of ACTION_TYPES) expect(response.text).toMatch(new RegExp(`^- ${type}: `, 'm'));
      expect(response.text).toContain(`${service.config.apiBaseUrl}/v1/keys`);
      expect(response.text).toContain(`${service.config.rateLimits.anonymousHourly} per hour`);
    }
    const full = (await request(service.baseUrl).get('/llms-full.txt')).text;
    for (const path of Object.keys(document.paths)) expect(full).toContain(` ${path}\n`);
  });

  it('llms.txt gives every webhook endpoint, the events and how to verify a delivery, on the SPEC schedule', async () => {
    const text = (await request(service.baseUrl).get('/llms.txt')).text;
    const webhookPaths = Object.keys(document.paths).filter((path) => path.startsWith('/v1/webhooks'));
    expect(webhookPaths.length).toBe(3);
    for (const path of webhookPaths) expect(text).toContain(`${service.config.apiBaseUrl}${path}`);
    for (const event of WEBHOOK_EVENTS) expect(text).toContain(event);
    expect(text).toContain('webhook-signature "v1,<base64 of HMAC-SHA256 over {webhook-id}.{webhook-timestamp}.{raw body},\nkeyed with the base64-decoded secret after whsec_>"');
    expect(text).toContain('`new Webhook(secret).verify(rawBody, headers)` from the `standardwebhooks` package');
    expect(text).toContain('Answer 2xx within 15 s. Anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then given up.');
  });

  it('serves the quick start page and links every document from GET /', async () => {
    const info = await request(service.baseUrl).get('/');
    expect(info.status).toBe(200);
    for (const link of [info.body.openapi, info.body.reference, info.body.llms, info.body.llms_full, info.body.quick_start, info.body.health]) {
      expect(typeof link).toBe('string');
      expect((await request(service.baseUrl).get(new URL(link).pathname)).status).toBe(200);
    }
    const quickStart = await request(service.baseUrl).get('/api/quick-start');
    expect(quickStart.headers['content-type']).toMatch(/^text\/html/);
    expect(quickStart.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(parsePage(quickStart.text).text('h1')).toBe('Quick start');
    expect(quickStart.text).toContain(`${service.config.apiBaseUrl}/v1/keys`);
  });
});
