import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { IdempotencyKeysRepository, IdempotencyRecord } from '@app/db';
import { ApiError, ErrorBody, idempotencyKeyConflict, idempotencyKeyInProgress, isErrorCode } from '@app/errors';
import { generateMediaId } from '@app/media';
import { IDEMPOTENCY_REPLAYED_HEADER } from './idempotency-key-header';
import { isKeptError } from './kept-answer';

/** How long a key and its answer are kept (SPEC §3). */
export const IDEMPOTENCY_KEPT_MS = 24 * 60 * 60 * 1000;

/** This request holds the key: it creates the media under `mediaId` and stores its final answer. */
export interface ClaimedTicket {
  kind: 'claimed';
  scope: string;
  key: string;
  claimId: string;
  mediaId: string;
  /** Set once `run` has taken the claim over; until then whoever opened it releases it (see releaseUnlessRun). */
  running: boolean;
}

/** The key holds a finished request's answer: this request is its replay if it is the same request, else a conflict. */
export interface ReplayTicket {
  kind: 'replay';
  scope: string;
  key: string;
  record: IdempotencyRecord;
}

export type IdempotencyTicket = ClaimedTicket | ReplayTicket;

export interface CreateAnswer {
  status: number;
  body: unknown;
}

export interface IdempotentAnswer extends CreateAnswer {
  /** Headers to send with the answer (`Idempotency-Replayed: true` on a replay). */
  headers: Record<string, string>;
}

/** One create (upload, import), as the idempotency rules need to see it. */
export interface IdempotentCreate {
  /** Creates the media under `mediaId`; calls `fingerprinted` as soon as the request has been read in full. */
  create(mediaId: string, fingerprinted: (fingerprint: string) => void): Promise<CreateAnswer>;
  /** Reads the request in full without creating anything (an upload's bytes are hashed, not stored) and returns its fingerprint. */
  fingerprint(): Promise<string>;
  /** The media's answer now, for a repeat of a request first answered 202; null when the media is gone. */
  current(mediaId: string): Promise<CreateAnswer | null>;
}

/**
 * Idempotency-Key (SPEC §3): claim, fingerprint, finish, replay, on one table. `open` runs before rate limits
 * and quota (a replay costs neither); `run` then answers the request: the claimant creates and keeps its
 * final answer (or releases the key), a repeat is replayed or refused as a conflict.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger('IdempotencyService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: IdempotencyKeysRepository,
  ) {}

  /** Claims `key` in `scope` for a request that would create `mediaId`; 409 in progress while another request holds it. */
  async open(scope: string, key: string, mediaId: string): Promise<IdempotencyTicket> {
    // A request can hold a key no longer than the longest request: past that its gateway died.
    const inProgressMs = this.config.jobWaitTimeoutMs + this.config.http.requestTimeoutMs;
    const claim = await this.keys.claim(scope, key, mediaId, { keptMs: IDEMPOTENCY_KEPT_MS, inProgressMs });
    if (claim.claimed) return { kind: 'claimed', scope, key, claimId: claim.claimId, mediaId, running: false };
    if (claim.record.state === 'in_progress') throw idempotencyKeyInProgress();
    return { kind: 'replay', scope, key, record: claim.record };
  }

  /** Answers the request: without a key, just creates; with one, creates and keeps the answer, or replays it. */
  async run(ticket: IdempotencyTicket | undefined, work: IdempotentCreate): Promise<IdempotentAnswer> {
    if (!ticket) return { ...(await work.create(generateMediaId(), () => undefined)), headers: {} };
    if (ticket.kind === 'replay') return this.replay(ticket, work);
    ticket.running = true;
    let fingerprint: string | undefined;
    const fingerprinted = (value: string) => (fingerprint = value);
    let answer: CreateAnswer;
    try {
      answer = await work.create(ticket.mediaId, fingerprinted);
    } catch (error) {
      if (fingerprint !== undefined && isKeptError(error)) await this.finish(ticket, fingerprint, { status: error.status, body: error.toBody() });
      else await this.release(ticket);
      throw error;
    }
    if (fingerprint === undefined) await this.release(ticket);
    else await this.finish(ticket, fingerprint, answer);
    return { ...answer, headers: {} };
  }

  /** For a claim `run` never took over (the request was refused before its handler): frees the key. */
  async releaseUnlessRun(ticket: IdempotencyTicket | undefined): Promise<void> {
    if (ticket?.kind === 'claimed' && !ticket.running) await this.release(ticket);
  }

  /** The sweep: removes up to `limit` keys older than 24 h. */
  sweep(limit: number): Promise<number> {
    return this.keys.deleteExpired(IDEMPOTENCY_KEPT_MS, limit);
  }

  private async replay(ticket: ReplayTicket, work: IdempotentCreate): Promise<IdempotentAnswer> {
    const { record } = ticket;
    if ((await work.fingerprint()) !== record.fingerprint) throw idempotencyKeyConflict();
    const headers = { [IDEMPOTENCY_REPLAYED_HEADER]: 'true' };
    const stored: CreateAnswer = { status: record.status!, body: record.body };
    const answer = record.status === 202 ? ((await work.current(record.mediaId)) ?? stored) : stored;
    if (answer.status >= 400) throw replayedError(answer, headers);
    return { ...answer, headers };
  }

  private async finish(ticket: ClaimedTicket, fingerprint: string, answer: CreateAnswer): Promise<void> {
    const kept = await this.keys.finish(ticket.scope, ticket.key, ticket.claimId, { fingerprint, ...answer }).catch((error: unknown) => {
      // The media is made and the caller gets its answer; only a retry with this key will not be replayed.
      this.logger.warn({ mediaId: ticket.mediaId, reason: (error as Error).message }, 'could not keep an idempotent answer');
      return true;
    });
    if (!kept) this.logger.warn({ mediaId: ticket.mediaId }, 'an idempotency claim was taken over before its answer was kept');
  }

  private async release(ticket: ClaimedTicket): Promise<void> {
    await this.keys.release(ticket.scope, ticket.key, ticket.claimId).catch((error: unknown) => {
      this.logger.warn({ mediaId: ticket.mediaId, reason: (error as Error).message }, 'could not release an idempotency key (it frees itself after the longest request)');
    });
  }
}

/** A kept error answer as the ApiError it was, so it leaves through the same exception filter. */
function replayedError(answer: CreateAnswer, headers: Record<string, string>): ApiError {
  const { error, message, action, usage, ...extras } = answer.body as ErrorBody;
  const code = isErrorCode(error) ? error : 'internal_error';
  return new ApiError(code, { status: answer.status, message, action, usage, extras, headers });
}
