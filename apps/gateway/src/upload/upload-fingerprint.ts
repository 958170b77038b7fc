import { requestFingerprint } from '@app/idempotency';
import type { MultipartOutcome } from './multipart-upload';

/** An upload's Idempotency-Key fingerprint: its fields, its file part's name and the sha256 of its bytes. */
export function uploadFingerprint(outcome: MultipartOutcome): string {
  const file = outcome.kind === 'no_file' ? null : { filename: outcome.file.filename, sha256: outcome.file.sha256 };
  return requestFingerprint({ method: 'POST', path: '/v1/upload', fields: outcome.fields, file });
}
