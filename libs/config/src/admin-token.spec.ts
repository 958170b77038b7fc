import { ConfigError, loadConfig } from './load-config';

const production = { NODE_ENV: 'production', SIGNING_SECRET: 'a-production-signing-secret-of-some-length' };

describe('ADMIN_TOKEN', () => {
  it('is refused in production when shorter than 24 characters, with a clear message', () => {
    const load = () => loadConfig({ ...production, ADMIN_TOKEN: 'admin123' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('ADMIN_TOKEN must be at least 24 characters when NODE_ENV=production (got 8); try: openssl rand -hex 32');
  });

  it('is accepted in production from 24 characters', () => {
    expect(loadConfig({ ...production, ADMIN_TOKEN: 'x'.repeat(24) }).adminToken).toBe('x'.repeat(24));
  });

  it('may stay unset in production (the admin API is then off), and short outside production', () => {
    expect(loadConfig(production).adminToken).toBeUndefined();
    expect(loadConfig({ SIGNING_SECRET: production.SIGNING_SECRET, ADMIN_TOKEN: 'dev' }).adminToken).toBe('dev');
  });
});
