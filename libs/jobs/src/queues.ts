import type { DefaultJobOptions } from 'bullmq';
import { BACKFILL_JOB_OPTIONS, BACKFILL_QUEUE } from './backfill-job';
import { VARIANT_JOB_OPTIONS, VARIANT_QUEUE } from './variant-job';
import { WEBHOOK_JOB_OPTIONS, WEBHOOK_QUEUE } from './webhook-job';

/** The one contract between gateway and worker: queue names, job names, payloads, results. */
export const INGEST_QUEUE = 'ingest';
export const IMPORT_QUEUE = 'import';
export const MAINTENANCE_QUEUE = 'maintenance';
export const MAIL_QUEUE = 'mail';
export const ALL_QUEUES = [INGEST_QUEUE, IMPORT_QUEUE, MAINTENANCE_QUEUE, MAIL_QUEUE, VARIANT_QUEUE, WEBHOOK_QUEUE, BACKFILL_QUEUE] as const;

export const INGEST_JOB = 'ingest';
export const IMPORT_JOB = 'import';
export const SWEEP_JOB = 'sweep';
export const VERIFICATION_MAIL_JOB = 'verification-mail';
/** The owner's mail listing the keys that wait for approval, each with its signed link. */
export const KEY_APPROVAL_MAIL_JOB = 'key-approval-mail';
/** The dashboard's sign-in link, to an address that may have no account yet. */
export const SIGN_IN_MAIL_JOB = 'sign-in-mail';
/** One scheduler id: however many workers register it, BullMQ keeps a single schedule. */
export const SWEEP_SCHEDULER_ID = 'maintenance-sweep';

/** Where the gateway process whose request waits on the job hears its outcome; absent: on the job's own channel. */
export interface OutcomeAddress {
  outcomeChannel?: string;
}

export interface IngestJobData extends OutcomeAddress {
  mediaId: string;
}

export interface ImportJobData extends OutcomeAddress {
  mediaId: string;
  url: string;
  maxBytes: number;
}

/** Every mail job names its account and address; the worker signs the links when it sends. */
export interface MailJobData {
  accountId: string;
  email: string;
}

/** A sign-in mail names only its address: whether an account has it is not looked up when it is asked for. */
export interface SignInMailJobData {
  email: string;
}

export type VerificationMailJobData = MailJobData;

export interface SweepResult {
  expired: number;
  interrupted: number;
  /** Processing media whose job Redis lost, queued again. */
  requeued: number;
  cleaned: number;
  /** Deleted media whose removal a fault had interrupted, finished. */
  deleted: number;
  /** Staging objects, unfinished writes and worker temp folders removed. */
  leftovers: number;
  /** Upload reservations whose request ended without a media row, given back. */
  refunded: number;
  /** Pending keys their owner did not approve in time, removed. */
  unapprovedKeys: number;
  /** Idempotency-Key records past their 24 h, removed. */
  idempotencyKeys: number;
  /** Dashboard sessions past their expiry, and used sign-in links past theirs (nothing can use either again), removed. */
  sessions: number;
  signInLinks: number;
  /** Media the sweep could not expire, finish deleting or clean up this time (each logged with its cause); the next sweep tries again. */
  failed: number;
}

/** What a finished media job hands back, so the gateway can answer without re-reading the row. */
export interface ReadyMedia {
  name: string;
  format: string;
  ext: string;
  contentType: string;
  width: number;
  height: number;
  filesize: number;
  /** Hex SHA-256 of the bytes as uploaded or fetched. */
  sha256: string | null;
  thumbhash: string | null;
  dominantColor: string | null;
}

export interface MediaJobResult {
  mediaId: string;
  /** Absent when the job found its work already done (a re-run). */
  media?: ReadyMedia;
}

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** Network fetch failures are retried once, never a timeout (the caller already waited). */
export const IMPORT_JOB_OPTIONS: DefaultJobOptions = { ...DEFAULT_JOB_OPTIONS, attempts: 2 };

/** A mail server that is down for a while is waited for: 3, 6, 12 and 24 s between the five attempts. */
export const MAIL_JOB_OPTIONS: DefaultJobOptions = { ...DEFAULT_JOB_OPTIONS, attempts: 5, backoff: { type: 'exponential', delay: 3000 } };

/** Each queue's default job options; a queue not listed uses DEFAULT_JOB_OPTIONS. */
export const QUEUE_JOB_OPTIONS: Partial<Record<(typeof ALL_QUEUES)[number], DefaultJobOptions>> = {
  [IMPORT_QUEUE]: IMPORT_JOB_OPTIONS,
  [MAIL_QUEUE]: MAIL_JOB_OPTIONS,
  [VARIANT_QUEUE]: VARIANT_JOB_OPTIONS,
  [WEBHOOK_QUEUE]: WEBHOOK_JOB_OPTIONS,
  [BACKFILL_QUEUE]: BACKFILL_JOB_OPTIONS,
};
