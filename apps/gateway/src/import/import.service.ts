import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { MediaEntity } from '@app/db';
import { parseImportUrl } from '@app/fetch';
import { requestFingerprint } from '@app/idempotency';
import { generateMediaId } from '@app/media';
import type { Caller } from '../auth/caller';
import { FieldErrorCollector, isPlainObject } from '../common/validation';
import { MediaCreationService } from '../media/media-creation.service';
import { defaultNameForUrl } from '../media/default-name';
import { parseMediaFields } from '../media/media-fields';

/** `POST /v1/import`: validates the JSON body, takes the quota and hands the URL to a worker. */
@Injectable()
export class ImportService {
  constructor(private readonly creation: MediaCreationService) {}

  /** The request's Idempotency-Key fingerprint: the JSON body as sent (its key order does not matter). */
  fingerprintOf(req: Request): string {
    return requestFingerprint({ method: 'POST', path: '/v1/import', fields: req.body ?? null });
  }

  async import(req: Request, caller: Caller, respondAsync: boolean, mediaId = generateMediaId()): Promise<MediaEntity> {
    const errors = new FieldErrorCollector();
    if (!req.is('application/json')) errors.add('body', 'Request must be application/json');
    const input = isPlainObject(req.body) ? req.body : {};
    const url = parseImportUrl(input.url);
    if (input.url === undefined || input.url === null || input.url === '') errors.add('url', 'URL is required');
    else if (!url.ok) errors.add('url', url.message);
    const fields = parseMediaFields(input, errors);
    errors.throwIfAny();
    const target = (url as { ok: true; url: URL }).url;
    const reservation = await this.creation.reserveFor(caller, mediaId);
    return this.creation.fromUrl(
      { caller, mediaId, fields, defaultName: defaultNameForUrl(target) ?? '', sha256: null, respondAsync, reservation },
      target.href,
    );
  }
}
