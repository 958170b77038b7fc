import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { normaliseImage } from './normalise-image';
import { sanitiseSvg } from './svg-sanitise';
import { useNormaliseHarness } from './testing/normalise-harness';

const MB = 1024 * 1024;
const opts = { maxPixels: 100_000_000, maxSvgBytes: 10 * MB, timeoutSeconds: 30 };
const NS = 'xmlns="http://www.w3.org/2000/svg"';

describe('normaliseImage (SVG)', () => {
  const { files: paths, expectRejected } = useNormaliseHarness(opts);

  it('stores the sanitised text and reports rendered dimensions', async () => {
    const source = `<?xml version="1.0"?>\n<svg ${NS} width="120" height="80" onload="alert(1)"><script>alert(2)</script><rect x="10" y="10" width="50" height="30" fill="#c00"/></svg>`;
    const { input, output } = await paths(source);

    const result = await normaliseImage(input, output, opts);
    const stored = await readFile(output);
    expect(result).toEqual({ format: 'svg', width: 120, height: 80, filesize: stored.length, animated: false, placeholder: null });
    expect(stored.toString('utf8')).toBe(sanitiseSvg(Buffer.from(source)));
    expect(stored.toString('utf8')).not.toMatch(/alert|script|onload/);
    const rendered = await sharp(stored).metadata();
    expect([rendered.format, rendered.width, rendered.height]).toEqual(['svg', 120, 80]);
  });

  it('takes dimensions from the viewBox when width and height are absent', async () => {
    const { input, output } = await paths(`<svg ${NS} viewBox="0 0 30 45"><circle cx="15" cy="15" r="10"/></svg>`);
    await expect(normaliseImage(input, output, opts)).resolves.toMatchObject({ format: 'svg', width: 30, height: 45 });
  });

  it('refuses an SVG over the size limit with the sizes in MB', async () => {
    const padding = `<!--${'x'.repeat(12 * MB - 100)}-->`;
    const svg = Buffer.from(`<svg ${NS} width="1" height="1">${padding}</svg>`.padEnd(12 * MB, ' '));
    expect(svg.length).toBe(12 * MB);
    await expectRejected(svg, 'File too large: 12.00 MB. Maximum file size is 10 MB.');
  });

  it('refuses an SVG whose canvas exceeds the pixel limit', async () => {
    await expectRejected(
      `<svg ${NS} width="100000" height="100000"><rect width="1" height="1"/></svg>`,
      'Image dimensions 100000x100000 exceed the limit of 100000000 pixels',
    );
  });

  it('refuses an SVG it cannot parse reliably', async () => {
    await expectRejected(`<svg ${NS} width=10 height=10><rect/></svg>`, 'Invalid SVG');
  });

  it('refuses an entity bomb', async () => {
    const bomb = `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg ${NS}><text>&c;</text></svg>`;
    await expectRejected(bomb, 'Invalid SVG');
  });
});
