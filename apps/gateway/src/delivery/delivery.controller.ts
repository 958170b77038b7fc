import { Controller, Get, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'stream/promises';
import { MediaEntity, MediaRepository } from '@app/db';
import { notFound } from '@app/errors';
import { OBJECT_STORE, ObjectStore, originalKey } from '@app/storage';
import { AuthGuard, CurrentCaller } from '../auth/auth.guard';
import type { Caller } from '../auth/caller';
import { isVisibleTo } from '../media/media-access';
import { srcSegment } from '../media/media-presenter';
import { httpDate, isNotModified, rangeStillApplies, Validators } from './conditional-request';
import { parseRange } from './http-range';

const FILE_PATTERN = /^([a-z0-9]{8})\.([a-z0-9]{2,5})$/;
const SAME_FORMAT: Record<string, string> = { jpeg: 'jpg' };
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** `SRC_BASE_URL/{seg}/{id}.{ext}`: stored bytes with strong caching, ETag, Range and 304. */
@Controller()
@UseGuards(AuthGuard)
export class DeliveryController {
  constructor(
    private readonly media: MediaRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  @Get(':seg/:file')
  async serve(
    @Param('seg') seg: string,
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const match = FILE_PATTERN.exec(file);
    if (!match || seg !== srcSegment(match[1])) throw notFound('Not found');
    const [, id, requestedExt] = match;
    const row = await this.media.findById(id);
    if (!isVisibleTo(row, caller) || !servesOriginal(row, requestedExt)) throw notFound();

    const key = originalKey(id, row.ext!);
    const validators: Validators = { etag: `"${id}-${row.filesize}"`, lastModified: row.createdAt };
    res.setHeader('ETag', validators.etag);
    res.setHeader('Last-Modified', httpDate(validators.lastModified));
    res.setHeader('Cache-Control', row.isPublic ? 'public, max-age=31536000, immutable' : 'private, max-age=31536000, immutable');
    res.setHeader('Content-Type', row.contentType!);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Accept-Ranges', 'bytes');
    if (row.format === 'svg') res.setHeader('Content-Security-Policy', SVG_POLICY);
    if (isNotModified(req.headers, validators)) {
      res.status(304).end();
      return;
    }
    const size = Number(row.filesize);
    const range = parseRange(rangeStillApplies(req.headers, validators) ? req.headers.range : undefined, size);
    if (range === null) {
      res.setHeader('Content-Range', `bytes */${size}`);
      res.status(416).end();
      return;
    }
    const object = await this.store.getStream(key, range);
    if (!object) throw notFound();
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200);
      res.setHeader('Content-Length', String(object.size));
    }
    if (req.method === 'HEAD') {
      object.body.destroy();
      res.end();
      return;
    }
    await pipeline(object.body, res).catch(() => res.destroy());
  }
}

function servesOriginal(row: MediaEntity, requestedExt: string): boolean {
  const stored = row.ext!;
  return requestedExt === stored || SAME_FORMAT[requestedExt] === stored;
}
