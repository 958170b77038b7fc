import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const E2E = join(__dirname, '..', '..', 'e2e');
const HOOK = "import '../harness/contract/check-supertest';";

/**
 * Every end-to-end suite that talks to the gateway through supertest (directly or through the harness's
 * api-client) has its exchanges checked against the gateway's /openapi.json, so none can drift from the
 * document unnoticed; a suite that must not be checked says why here.
 */
const UNCHECKED: Record<string, string> = {};

describe('contract check coverage', () => {
  it('turns the check on in every suite that sends requests through supertest', () => {
    const missing = readdirSync(E2E)
      .filter((name) => name.endsWith('.e2e-spec.ts') && !(name in UNCHECKED))
      .filter((name) => {
        const text = readFileSync(join(E2E, name), 'utf8');
        return /from 'supertest'|harness\/api-client'/.test(text) && !text.includes(HOOK);
      });
    expect(missing).toEqual([]);
  });
});
