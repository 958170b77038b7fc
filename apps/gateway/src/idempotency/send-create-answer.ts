import type { Response } from 'express';
import type { IdempotentAnswer } from '@app/idempotency';

export function sendCreateAnswer(res: Response, answer: IdempotentAnswer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.status(answer.status).json(answer.body);
}
