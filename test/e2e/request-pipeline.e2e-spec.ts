import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { Public } from '../../apps/gateway/src/auth/route-access';
import { createKey } from '../harness/api-client';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

@Controller('forgotten')
class ForgottenController {
  @Get('open')
  @Public()
  open(): string {
    return 'declared';
  }

  @Get('undeclared')
  undeclared(): string {
    return 'nobody said who may call this';
  }
}

describe('the request pipeline', () => {
  it('refuses to start a gateway with a route that declares neither @Public() nor its @Ability()', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-data-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'error',
    });
    @Module({ imports: [GatewayModule.create(config)], controllers: [ForgottenController] })
    class GatewayWithForgottenRoute {}

    const app = await NestFactory.create(GatewayWithForgottenRoute, { logger: false });
    try {
      await expect(app.init()).rejects.toThrow(
        'Every route must declare @Public() or its @Ability(); these declare neither: GET /forgotten/undeclared (ForgottenController.undeclared)',
      );
    } finally {
      await app.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  describe('on a running gateway', () => {
    let service: TestService;
    let key: string;
    let email: string;
    beforeAll(async () => {
      service = await startTestService({ workers: 0, storage: 'fs', env: { ADMIN_TOKEN: 'operator-secret' } });
      ({ key, email } = await createKey(service.baseUrl));
    });
    afterAll(() => service.stop());

    it('reads no credential on a public route: a wrong key does not matter there', async () => {
      const wrong = { Authorization: 'Bearer img_live_not_a_key' };
      expect((await request(service.baseUrl).get('/health').set(wrong)).status).toBe(200);
      expect((await request(service.baseUrl).get('/openapi.json').set(wrong)).status).toBe(200);
      expect((await request(service.baseUrl).get('/v1/usage').set(wrong)).status).toBe(401);
    });

    it('takes the operator token on operator routes only, and an API key nowhere there', async () => {
      const account = `/admin/api/accounts/${encodeURIComponent(email)}`;
      expect((await request(service.baseUrl).get(account).set('Authorization', `Bearer ${key}`)).status).toBe(401);
      expect((await request(service.baseUrl).get('/v1/usage').set('Authorization', 'Bearer operator-secret')).status).toBe(401);
      const operator = await request(service.baseUrl).get(account).set('Authorization', 'Bearer operator-secret');
      expect(operator.status).toBe(200);
      expect(operator.body.email).toBe(email);
    });
  });
});
