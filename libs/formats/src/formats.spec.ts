import { canonicalExtension, FORMAT_INFO, ORIGINAL_EXTENSIONS, OUTPUT_EXTENSIONS, outputFormatFor } from './formats';

describe('the format table', () => {
  it('maps stored formats to extensions and content types', () => {
    expect(FORMAT_INFO.jpeg).toEqual({ ext: 'jpg', contentType: 'image/jpeg' });
    expect(FORMAT_INFO.svg).toEqual({ ext: 'svg', contentType: 'image/svg+xml' });
    expect(FORMAT_INFO.ico).toEqual({ ext: 'ico', contentType: 'image/x-icon' });
    expect(FORMAT_INFO.bmp).toEqual({ ext: 'bmp', contentType: 'image/bmp' });
    expect(Object.keys(FORMAT_INFO).sort()).toEqual(['avif', 'bmp', 'gif', 'ico', 'jpeg', 'png', 'svg', 'webp']);
  });

  it('lists every extension an original is stored under, once', () => {
    expect([...ORIGINAL_EXTENSIONS].sort()).toEqual(['avif', 'bmp', 'gif', 'ico', 'jpg', 'png', 'svg', 'webp']);
  });

  it('names the output format of each variant extension, jpeg included', () => {
    expect(OUTPUT_EXTENSIONS).toEqual(['jpg', 'jpeg', 'png', 'webp', 'avif', 'gif']);
    expect(OUTPUT_EXTENSIONS.map(outputFormatFor)).toEqual(['jpeg', 'jpeg', 'png', 'webp', 'avif', 'gif']);
    for (const ext of ['svg', 'bmp', 'ico', 'tiff', 'constructor']) expect(outputFormatFor(ext)).toBeUndefined();
  });

  it('reads jpeg as jpg and leaves other extensions alone', () => {
    expect(canonicalExtension('jpeg')).toBe('jpg');
    expect(canonicalExtension('png')).toBe('png');
    expect(canonicalExtension('constructor')).toBe('constructor');
  });
});
