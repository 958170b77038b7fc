import { thumbHashToAverageRGBA } from 'thumbhash';
import { placeholderBackground, placeholderColour, thumbhashImage } from './placeholder-background';

// The ThumbHash of a solid red (200, 30, 40) image, as the worker computes it.
const RED_HASH = 'VkoDBYB3dPyKeIeGiHeHiL+I93CI';

describe('placeholderBackground', () => {
  it('paints the dominant colour and the ThumbHash drawn as a PNG', () => {
    const average = thumbHashToAverageRGBA(Buffer.from(RED_HASH, 'base64'));
    expect([average.r, average.g, average.b].map((channel) => Math.round(channel * 255))).toEqual([200, 30, 40].map((c) => expect.closeTo(c, -1)));
    expect(placeholderBackground({ dominant_color: '#C81E28', thumbhash: RED_HASH }, { thumbhash: true })).toMatch(
      /^background:#c81e28 url\("data:image\/png;base64,[A-Za-z0-9+/=]+"\) center\/100% 100% no-repeat$/,
    );
    expect(placeholderBackground({ dominant_color: '#c81e28', thumbhash: RED_HASH }, { thumbhash: false })).toBe('background:#c81e28');
  });

  it('has nothing to paint for a media without placeholder (SVG, not computed yet)', () => {
    expect(placeholderBackground({ dominant_color: null, thumbhash: null }, { thumbhash: true })).toBeUndefined();
  });

  it('never writes anything but a colour or a data: PNG into the stylesheet', () => {
    expect(placeholderColour({ dominant_color: 'red;}body{display:none' })).toBeUndefined();
    expect(thumbhashImage({ thumbhash: '")}body{display:none}' })).toBeUndefined();
    expect(thumbhashImage({ thumbhash: 'AAAA' })).toBeUndefined();
  });
});
