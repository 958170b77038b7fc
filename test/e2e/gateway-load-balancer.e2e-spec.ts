import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { NginxBalancer, startNginxBalancer } from '../harness/nginx-balancer';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const MB = 1024 * 1024;

/**
 * The load balancer docker-compose.yml puts in front of the gateways (ops/nginx/gateways.conf.template),
 * run by Debian's nginx in front of a gateway that trusts one proxy hop, as compose runs it.
 */
describe('gateways behind the compose load balancer', () => {
  let service: TestService;
  let balancer: NginxBalancer;

  beforeAll(async () => {
    service = await startTestService({ env: { TRUST_PROXY: '1', RATE_LIMIT_ANON_HOURLY: '1', KEYED_MAX_MB: '3' } });
    balancer = await startNginxBalancer(new URL(service.baseUrl).host);
  });
  afterAll(async () => {
    await balancer?.stop();
    await service?.stop();
  });

  it('passes an upload through and serves its src', async () => {
    const { key } = await createKey(balancer.url);
    const photo = await rasterImage('jpeg', 1600, 1200);
    const created = await upload(balancer.url, photo, 'through-nginx.jpg', key);
    expect(created.status).toBe(201);
    const served = await request(balancer.url).get(pathOf(created.body.src)).buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toMatch(/^image\//);
    expect(served.body.length).toBeGreaterThan(0);
  });

  it("leaves the size cap to the gateway: the documented error, not nginx's own 413 page", async () => {
    const { key } = await createKey(balancer.url);
    const response = await upload(balancer.url, Buffer.alloc(3.5 * MB, 7), 'too-big.jpg', key);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'upload_failed', message: 'File too large: 3.50 MB. Maximum file size is 3 MB.' });
  });

  it('hands the gateway the address nginx saw, whatever X-Forwarded-For the client claims', async () => {
    const png = await rasterImage('png');
    const first = await upload(balancer.url, png, 'anonymous-1.png').set('X-Forwarded-For', '203.0.113.7');
    const second = await upload(balancer.url, png, 'anonymous-2.png').set('X-Forwarded-For', '198.51.100.8');
    expect(first.status).toBe(201);
    expect(second.status).toBe(429);
    expect(second.body.error).toBe('rate_limited');
  });
});
