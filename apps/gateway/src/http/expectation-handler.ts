import type { IncomingMessage, ServerResponse } from 'http';
import { protocolError } from '@app/errors';
import { requestIdFor } from '@app/logging';
import { sendErrorAndClose } from './error-response';

/** The server's 'checkExpectation' listener: an Expect other than 100-continue gets a JSON 417. */
export function rejectExpectation(req: IncomingMessage, res: ServerResponse): void {
  requestIdFor(req, res);
  sendErrorAndClose(res, protocolError('expectation_failed'));
}
