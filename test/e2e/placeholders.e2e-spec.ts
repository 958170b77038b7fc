import request from 'supertest';
import sharp from 'sharp';
import { startKeyedService, TestService } from '../harness/test-service';
import { upload } from '../harness/api-client';
import { SIMPLE_SVG } from '../fixtures/images';
import { decodedThumbhash, expectClose, redWithBlueQuarter, rgbOf } from '../../libs/imaging/src/testing/placeholder-expectations';
import { BLUE, RED, type Rgb } from '../../libs/imaging/src/testing/raster-fixtures';
import '../harness/contract/check-supertest';

const solid = (colour: Rgb, width = 90, height = 60) => sharp({ create: { width, height, channels: 3, background: colour } });

function animatedGif(first: Rgb, then: Rgb): Promise<Buffer> {
  return Promise.all([first, then, then].map((colour) => solid(colour, 40, 30).png().toBuffer())).then((frames) =>
    sharp(frames, { join: { animated: true } }).gif().toBuffer(),
  );
}

describe('placeholders in the media object (thumbhash, dominant_color)', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
  });
  afterAll(() => service.stop());

  /** Uploads, and checks GET /v1/media/{id} and the list say the same as the 201. */
  async function uploaded(bytes: Buffer, name: string) {
    const response = await upload(service.baseUrl, bytes, name, key);
    expect(response.status).toBe(201);
    const media = response.body;
    const read = await request(service.baseUrl).get(`/v1/media/${media.id}`).set('Authorization', `Bearer ${key}`);
    expect([read.body.thumbhash, read.body.dominant_color]).toEqual([media.thumbhash, media.dominant_color]);
    const listed = await request(service.baseUrl).get(`/v1/media?ids=${media.id}`).set('Authorization', `Bearer ${key}`);
    expect(listed.body.data[0]).toMatchObject({ thumbhash: media.thumbhash, dominant_color: media.dominant_color });
    return media as { thumbhash: string; dominant_color: string };
  }

  it.each([
    ['PNG', () => solid(RED).png().toBuffer(), 'red.png'],
    ['JPEG', () => solid(RED).jpeg({ quality: 95 }).toBuffer(), 'red.jpg'],
    ['WebP', () => solid(RED).webp({ quality: 95 }).toBuffer(), 'red.webp'],
  ])('a solid red %s: dominant_color red, thumbhash decodes to red', async (_format, make, name) => {
    const media = await uploaded(await make(), name);
    expect(media.dominant_color).toMatch(/^#[0-9a-f]{6}$/);
    expectClose(rgbOf(media.dominant_color), RED, 6);
    expectClose(decodedThumbhash(media.thumbhash).all, RED, 10);
  });

  it.each([
    ['PNG', () => redWithBlueQuarter(160, 120).png().toBuffer(), 'two.png'],
    ['JPEG', () => redWithBlueQuarter(800, 600).jpeg({ quality: 95 }).toBuffer(), 'two.jpg'],
    ['WebP', () => redWithBlueQuarter(160, 120).webp({ quality: 95 }).toBuffer(), 'two.webp'],
  ])('a two-colour %s: the larger colour dominates, the hash keeps red left and blue right', async (_format, make, name) => {
    const media = await uploaded(await make(), name);
    expectClose(rgbOf(media.dominant_color), RED, 12);
    const decoded = decodedThumbhash(media.thumbhash);
    expectClose(decoded.left, RED, 48);
    expect(decoded.right.b - decoded.right.r).toBeGreaterThan(80);
  });

  it('an animated GIF gets the placeholder of its first frame', async () => {
    const redFirst = await uploaded(await animatedGif(RED, BLUE), 'red-first.gif');
    expectClose(rgbOf(redFirst.dominant_color), RED, 12);
    expectClose(decodedThumbhash(redFirst.thumbhash).all, RED, 24);
    const blueFirst = await uploaded(await animatedGif(BLUE, RED), 'blue-first.gif');
    expectClose(rgbOf(blueFirst.dominant_color), BLUE, 12);
    expectClose(decodedThumbhash(blueFirst.thumbhash).all, BLUE, 24);
  });

  it('an SVG has neither', async () => {
    const media = await uploaded(SIMPLE_SVG, 'drawing.svg');
    expect(media).toMatchObject({ thumbhash: null, dominant_color: null });
  });

  it('a media still processing (202) has neither yet', async () => {
    const response = await upload(service.baseUrl, await solid(RED).png().toBuffer(), 'later.png', key).set('Prefer', 'respond-async');
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'processing', thumbhash: null, dominant_color: null });
  });
});
