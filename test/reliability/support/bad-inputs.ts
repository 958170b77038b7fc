import request from 'supertest';
import type { ErrorCode } from '@app/errors';
import { pngClaiming, withPngChunk } from '../../../libs/imaging/src/testing/byte-fixtures';
import { gifWithScreen, icoRepeating, jpegClaiming, layeredFilterSvg, manyFrameGif, monochromeBmp } from '../../../libs/imaging/src/testing/bomb-fixtures';
import { rasterImage } from '../../fixtures/images';
import type { ImportSource } from '../../harness/import-source-server';
import { serveBytes, trickleForever } from '../../harness/import-source-server';
import { BOUNDARY, closing, filePart, sendRawMultipart } from '../../harness/multipart-body';
import { rawHttp } from '../../harness/raw-http';

export interface Answer {
  status: number;
  /** The JSON body, or the text when it is not JSON. */
  body: unknown;
}

/** What a user must get: a documented error with its status, or 201 with the image's true format. */
export type Expected = { status: number; error: ErrorCode } | { status: 201; format: string };

export interface BadInput {
  name: string;
  expected: Expected;
  send(baseUrl: string, key: string): Promise<Answer>;
}

const refused = (error: ErrorCode, status = error === 'validation_error' ? 422 : 500): Expected => ({ status, error });
const stored = (format: string): Expected => ({ status: 201, format });

/** The first `fraction` of a file: what a dropped connection or a full disk leaves. */
const cut = (file: Buffer, fraction = 0.6) => file.subarray(0, Math.floor(file.length * fraction));

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');

/** A ZIP archive of one stored file: local header, data, central directory, end record. */
function zipOf(name: string, data: Buffer): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, Buffer.from(name), data, central, Buffer.from(name), end]);
}

const HOSTILE_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="60" height="40" onload="alert(1)">' +
    '<script>alert(2)</script><image href="http://attacker.example/pixel.png" width="10" height="10"/>' +
    '<use xlink:href="http://attacker.example/sprite.svg#a"/><rect width="60" height="40" fill="#09f"/></svg>',
);

/** A multipart upload of `file` under `filename`, declared as `contentType` (by default what the name implies). */
function uploadAs(file: Buffer, filename: string, contentType?: string): BadInput['send'] {
  return async (baseUrl, key) => {
    const response = await request(baseUrl)
      .post('/v1/upload')
      .set('Authorization', `Bearer ${key}`)
      .attach('file', file, contentType ? { filename, contentType } : filename);
    return { status: response.status, body: /json/.test(response.headers['content-type'] ?? '') ? response.body : response.text };
  };
}

function importOf(url: string): BadInput['send'] {
  return async (baseUrl, key) => {
    const response = await request(baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url });
    return { status: response.status, body: response.body };
  };
}

const UPLOAD_HEAD =
  `POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n` +
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="drip.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;

/** An upload whose body arrives one byte every `everyMs`, `bytes` times (or stops after its first bytes). */
function dripUpload(everyMs: number, bytes: number): BadInput['send'] {
  return async (baseUrl) => {
    const drip = Array.from({ length: bytes }, () => [{ pauseMs: everyMs }, 'a']).flat();
    const answer = await rawHttp(baseUrl, [UPLOAD_HEAD, Buffer.from([0xff, 0xd8, 0xff]), ...drip], 30_000);
    return { status: answer.status, body: parseJson(answer.body) };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The bad inputs of the issue, each with the answer a user must get. The import cases are served by
 * `source`, which the service must be allowed to reach (IMPORT_ALLOWED_CIDRS).
 */
export async function badInputs(source: ImportSource): Promise<BadInput[]> {
  const [jpeg, png, gif, webp] = await Promise.all((['jpeg', 'png', 'gif', 'webp'] as const).map((format) => rasterImage(format, 400, 300)));
  const smallPng = await rasterImage('png', 48, 32);
  const smallJpeg = await rasterImage('jpeg', 48, 32);
  const garbage = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n`), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256))]);
  return [
    { name: 'truncated jpeg', expected: refused('upload_failed'), send: uploadAs(cut(jpeg), 'truncated.jpg') },
    { name: 'truncated png', expected: refused('upload_failed'), send: uploadAs(cut(png), 'truncated.png') },
    { name: 'truncated gif', expected: refused('upload_failed'), send: uploadAs(cut(gif), 'truncated.gif') },
    { name: 'truncated webp', expected: refused('upload_failed'), send: uploadAs(cut(webp), 'truncated.webp') },

    { name: 'png + html appended', expected: stored('png'), send: uploadAs(Buffer.concat([smallPng, HTML]), 'appended.png') },
    { name: 'jpeg + zip appended', expected: stored('jpeg'), send: uploadAs(Buffer.concat([smallJpeg, zipOf('x.html', HTML)]), 'appended.jpg') },
    { name: 'html in a png text chunk', expected: stored('png'), send: uploadAs(withPngChunk(smallPng, 'tEXt', Buffer.concat([Buffer.from('Comment\0'), HTML])), 'text-chunk.png') },
    { name: 'html behind a gif signature', expected: refused('upload_failed'), send: uploadAs(Buffer.concat([Buffer.from('GIF89a'), HTML]), 'gifar.gif') },
    { name: 'svg with script and external references', expected: stored('svg'), send: uploadAs(HOSTILE_SVG, 'hostile.svg') },

    { name: 'png bomb 100000x100000', expected: refused('upload_failed'), send: uploadAs(pngClaiming(100_000, 100_000), 'bomb.png') },
    { name: 'jpeg bomb 65000x65000', expected: refused('upload_failed'), send: uploadAs(await jpegClaiming(65_000, 65_000), 'bomb.jpg') },
    { name: 'gif bomb 65535x65535 screen', expected: refused('upload_failed'), send: uploadAs(await gifWithScreen(65_535, 65_535), 'bomb.gif') },
    { name: 'ico bomb 200 x 10000x9999', expected: refused('upload_failed'), send: uploadAs(icoRepeating(pngClaiming(10_000, 9_999), 200), 'bomb.ico') },
    { name: 'bmp bomb 9999x9999', expected: refused('upload_failed'), send: uploadAs(monochromeBmp(9_999, 9_999), 'bomb.bmp') },
    { name: 'svg render bomb', expected: refused('upload_failed'), send: uploadAs(layeredFilterSvg(), 'bomb.svg') },

    { name: 'png labelled image/jpeg named .gif', expected: stored('png'), send: uploadAs(smallPng, 'lying.gif', 'image/jpeg') },
    { name: 'html labelled image/png', expected: refused('upload_failed'), send: uploadAs(HTML, 'page.png', 'image/png') },

    { name: 'multipart without boundary', expected: refused('validation_error'), send: (baseUrl) => sendRawMultipart(baseUrl, filePart() + closing, { contentType: 'multipart/form-data' }) },
    { name: 'multipart garbage', expected: refused('validation_error'), send: (baseUrl) => sendRawMultipart(baseUrl, garbage) },
    {
      name: 'multipart 1,000 file parts',
      expected: refused('validation_error'),
      send: (baseUrl) => sendRawMultipart(baseUrl, Array.from({ length: 1000 }, (_, i) => filePart(`p${i}.jpg`)).join('') + closing),
    },

    { name: 'gif of 10,000 frames', expected: stored('gif'), send: uploadAs(manyFrameGif(10_000), 'frames.gif') },

    { name: 'upload dripping past the request limit', expected: { status: 408, error: 'validation_error' }, send: dripUpload(500, 20) },
    { name: 'upload stopping mid-body', expected: { status: 408, error: 'validation_error' }, send: dripUpload(0, 0) },

    { name: 'import of html served as image/png', expected: refused('import_failed'), send: importOf(source.route('/lying.png', serveBytes(HTML, 'image/png'))) },
    { name: 'import of a png served as image/jpeg', expected: stored('png'), send: importOf(source.route('/mislabelled.jpg', serveBytes(smallPng, 'image/jpeg'))) },
    { name: 'import trickling forever', expected: { status: 504, error: 'fetch_failed' }, send: importOf(source.route('/trickle.jpg', trickleForever(100))) },
  ];
}
