import { VARIANT_FORMATS } from '@app/jobs';
import { ORIGINAL_EXTENSIONS } from '@app/storage';
import { FORMAT_INFO, type OutputFormat } from './formats';

/** The sharp-free copies of FORMAT_INFO that the gateway uses must say the same. */
describe('copies of FORMAT_INFO', () => {
  it('VARIANT_FORMATS (libs/jobs) has each output format with its extension and content type', () => {
    const outputs: OutputFormat[] = ['jpeg', 'png', 'webp', 'avif', 'gif'];
    expect(Object.keys(VARIANT_FORMATS).sort()).toEqual([...outputs].sort());
    for (const format of outputs) expect(VARIANT_FORMATS[format]).toEqual(FORMAT_INFO[format]);
  });

  it('ORIGINAL_EXTENSIONS (libs/storage) is every stored extension', () => {
    expect([...ORIGINAL_EXTENSIONS].sort()).toEqual([...new Set(Object.values(FORMAT_INFO).map((info) => info.ext))].sort());
  });
});
