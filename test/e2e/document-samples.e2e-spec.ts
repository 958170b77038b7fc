import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import request from 'supertest';
import { serveBytes } from '../harness/import-source-server';
import { ImportingService, startImportingService } from '../harness/importing-service';
import { parse } from 'node-html-parser';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const run = promisify(execFile);
/** Where a sample names an image on the web: the import source plays that site (there is no outside network). */
const EXAMPLE_IMAGE_URL = /https:\/\/example\.com\/[^"'\s]+/g;

/** The curl commands a document shows: lines of plain text, or the `<pre><code>` blocks of an HTML page. */
function curlLines(text: string, html: boolean): string[] {
  // `pre` is parsed as markup (the parser's default keeps it as raw text).
  const lines = html ? parse(text, { blockTextElements: { script: true, style: true } }).querySelectorAll('pre code').map((code) => code.text) : text.split('\n');
  return lines.map((line) => line.trim()).filter((line) => line.startsWith('curl '));
}

/**
 * Every curl sample of the agent guides and the human quick start, run as written against the real service
 * (a shell, curl, the file `photo.jpg` beside it and `$KEY` set, as a reader would have them): each one
 * must succeed, so a sample can never rot.
 */
describe('code samples in the guides run as written', () => {
  let importing: ImportingService;
  let folder: string;
  let imageUrl: string;

  beforeAll(async () => {
    importing = await startImportingService();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-samples-'));
    await fs.writeFile(path.join(folder, 'photo.jpg'), await rasterImage('jpeg', 40, 30));
    imageUrl = importing.source.route('/cat.png', serveBytes(await rasterImage('png', 24, 16), 'image/png'));
  });
  afterAll(async () => {
    await importing?.stop();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  async function runSample(line: string): Promise<{ status: number; body: any }> {
    const command = line.replace(EXAMPLE_IMAGE_URL, imageUrl);
    const output = path.join(folder, 'answer.json');
    const { stdout } = await run('bash', ['-c', `${command} -s -o ${output} -w '%{http_code}'`], {
      cwd: folder,
      env: { ...process.env, KEY: importing.key },
      timeout: 30_000,
    });
    return { status: Number(stdout), body: JSON.parse(await fs.readFile(output, 'utf8')) };
  }

  it.each([
    ['/llms.txt', false],
    ['/llms-full.txt', false],
    ['/api/quick-start', true],
  ])('%s', async (document, html) => {
    const text = (await request(importing.service.baseUrl).get(document)).text;
    const samples = curlLines(text, html);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      const answer = await runSample(sample);
      expect({ sample, succeeded: answer.status >= 200 && answer.status < 300, answer }).toMatchObject({ sample, succeeded: true });
    }
  });
});
