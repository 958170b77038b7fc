import { readFile } from 'node:fs/promises';
import { parseBmpHeader } from './bmp-header';
import { decodeBmpFile } from './decode-bmp-file';
import { decodeIcoFile } from './decode-ico-file';
import { ImageRejectedError } from './errors';
import type { IsolatedMessage, IsolatedReply, IsolatedResult, IsolatedTask } from './isolated-task';
import { readSample, toPlaceholderSample } from './placeholder-sample';
import type { RgbaImage } from './rgba-image';
import { sharp, untrustedInput } from './sharp-instance';
import { sniffFormat } from './sniff-format';
import { assertWithinPixelLimit } from './pixel-limit';

/** Entry point of the isolated decoder process: runs one task, replies over IPC, exits. */
async function run(task: IsolatedTask): Promise<IsolatedResult> {
  switch (task.kind) {
    case 'bmp': {
      const file = await readFile(task.path);
      const decoded = decodeBmpFile(file, parseBmpHeader(file));
      return { width: decoded.width, height: decoded.height, sample: task.sample ? await sampleOf(decoded) : undefined };
    }
    case 'ico': {
      const { largest, largestRgba } = decodeIcoFile(await readFile(task.path), task.maxPixels);
      const sample = task.sample && largestRgba ? await sampleOf(largestRgba) : undefined;
      return { width: largest.width, height: largest.height, sample };
    }
    case 'png': {
      const file = await readFile(task.path);
      const format = sniffFormat(file);
      if (format === 'bmp') {
        const header = parseBmpHeader(file);
        assertWithinPixelLimit(header.width, header.height, task.maxPixels);
        const { width, height, data } = decodeBmpFile(file, header);
        await sharp(data, { raw: { width, height, channels: 4 } }).png().toFile(task.out);
        return { width, height };
      }
      if (format !== 'ico') throw new ImageRejectedError('Unsupported file type', 'unsupported');
      const { largest, largestRgba } = decodeIcoFile(file, task.maxPixels);
      const image = largestRgba
        ? sharp(largestRgba.data, { raw: { width: largestRgba.width, height: largestRgba.height, channels: 4 } })
        : sharp(largest.data, untrustedInput(task.maxPixels));
      await image.png().toFile(task.out);
      return { width: largest.width, height: largest.height };
    }
    case 'svg': {
      const svg = Buffer.from(task.svg.buffer, task.svg.byteOffset, task.svg.byteLength);
      const { info } = await sharp(svg, { density: task.density, limitInputPixels: task.maxPixels, failOn: 'error' })
        .extractChannel(0)
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height };
    }
  }
}

function sampleOf(image: RgbaImage): Promise<RgbaImage> {
  return readSample(toPlaceholderSample(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } }), false));
}

function reply(message: IsolatedReply): void {
  process.send!(message, () => process.disconnect());
}

process.once('message', (task: IsolatedTask) => {
  run(task).then(
    (value) => reply({ ok: true, value }),
    (error: unknown) =>
      reply(
        error instanceof ImageRejectedError
          ? { ok: false, message: error.message, reason: error.reason }
          : { ok: false, message: error instanceof Error ? error.message : String(error) },
      ),
  );
});

process.send!({ ready: true } satisfies IsolatedMessage);
