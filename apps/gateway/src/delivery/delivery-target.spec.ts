import { deliveryTarget, parseSize } from './delivery-target';

const jpeg = { format: 'jpeg', ext: 'jpg' };
const png = { format: 'png', ext: 'png' };

describe('parseSize', () => {
  it.each(['s', 'm', 'l', 'o', 'social'])('accepts %s', (size) => expect(parseSize(size)).toBe(size));
  it.each([undefined, '', 'xl', 'M', ['m', 'l'], 'social '])('ignores %p', (value) => expect(parseSize(value)).toBeUndefined());
});

describe('deliveryTarget', () => {
  it('serves the original under its own extension with no size, or o', () => {
    expect(deliveryTarget(jpeg, 'jpg', undefined)).toEqual({ kind: 'original' });
    expect(deliveryTarget(jpeg, 'jpeg', undefined)).toEqual({ kind: 'original' });
    expect(deliveryTarget(png, 'png', 'o')).toEqual({ kind: 'original' });
  });

  it('renders a size of the same format as a variant', () => {
    expect(deliveryTarget(jpeg, 'jpg', 'm')).toEqual({ kind: 'variant', size: 'm', format: 'jpeg' });
    expect(deliveryTarget(jpeg, 'jpeg', 'social')).toEqual({ kind: 'variant', size: 'social', format: 'jpeg' });
  });

  it('lets the extension pick another format, at the original size when none is asked', () => {
    expect(deliveryTarget(jpeg, 'webp', undefined)).toEqual({ kind: 'variant', size: 'o', format: 'webp' });
    expect(deliveryTarget(png, 'avif', 's')).toEqual({ kind: 'variant', size: 's', format: 'avif' });
    expect(deliveryTarget(png, 'gif', 'l')).toEqual({ kind: 'variant', size: 'l', format: 'gif' });
  });

  it('answers nothing for an extension that is no output format', () => {
    expect(deliveryTarget(jpeg, 'tiff', undefined)).toBeNull();
    expect(deliveryTarget(jpeg, 'svg', undefined)).toBeNull();
    expect(deliveryTarget(jpeg, 'bmp', 'm')).toBeNull();
  });

  it.each(['svg', 'bmp', 'ico'])('serves %s as stored under its own extension whatever the size', (format) => {
    const stored = { format, ext: format };
    for (const size of [undefined, 's', 'm', 'social'] as const) expect(deliveryTarget(stored, format, size)).toEqual({ kind: 'original' });
  });

  it('renders BMP and ICO into the raster formats, but never an SVG', () => {
    expect(deliveryTarget({ format: 'bmp', ext: 'bmp' }, 'png', 'm')).toEqual({ kind: 'variant', size: 'm', format: 'png' });
    expect(deliveryTarget({ format: 'ico', ext: 'ico' }, 'webp', undefined)).toEqual({ kind: 'variant', size: 'o', format: 'webp' });
    expect(deliveryTarget({ format: 'svg', ext: 'svg' }, 'png', 'm')).toBeNull();
  });
});
