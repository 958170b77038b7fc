import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'http';
import { parse as parseQuery } from 'querystring';
import { requestIdFor } from '@app/logging';
import { OBJECT_STORE, ObjectStore } from '@app/storage';
import { MetricsService } from '../metrics/metrics.service';
import { srcSegment } from '../media/media-presenter';
import { deliveredObjectOf } from './delivered-object';
import { DeliveryFacts } from './delivery-facts';
import { deliveryTarget, parseSize } from './delivery-target';
import { sendObject } from './send-object';

/** `/{seg}/{id}.{ext}` exactly as the delivery route takes it, without percent-escapes (those go the long way). */
const SRC_PATH = /^\/([a-z0-9]{2})\/([a-z0-9]{8})\.([a-z0-9]{2,5})$/;
/** The label the delivery route's requests carry in the HTTP latency histogram, whichever way they were served. */
export const DELIVERY_ROUTE = '/:seg/:file';
const SUMMARY_INTERVAL_MS = 60_000;

/**
 * `src` served before Express and Nest: an anonymous GET or HEAD (no Authorization: nobody to identify, no
 * rate limit applies) of a visible media whose original or variant is in storage, or a 304 for it. The media's
 * facts come from the gateway's cache (or one statement), so a revalidation touches neither storage nor the
 * database. Anything else (an unknown or private media, a variant not rendered yet, a key, a fault) is handed
 * to the full pipeline untouched, which answers it exactly as before (404 body, render and its limit, errors).
 * The answer is the same bytes and headers as the full pipeline's (`sendObject`); the request is counted in the
 * same histogram, and logged as a summary line a minute instead of one line per image.
 */
@Injectable()
export class FastDelivery implements OnModuleDestroy {
  private readonly logger = new Logger('Delivery');
  private readonly served = new Map<number, number>();
  /** One histogram child per method and status: looking a child up by its labels hashes them on every call. */
  private readonly timings = new Map<string, { observe(seconds: number): void }>();
  private readonly summary: NodeJS.Timeout;

  constructor(
    private readonly facts: DeliveryFacts,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly metrics: MetricsService,
  ) {
    this.summary = setInterval(() => this.logSummary(), SUMMARY_INTERVAL_MS);
    this.summary.unref();
  }

  /** Serves the request, or calls `next` (having written nothing) for the full pipeline to answer it. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const match = this.candidate(req);
    if (!match) return next();
    const started = process.hrtime.bigint();
    this.serve(req, res, match).then(
      (served) => {
        if (!served) return next();
        this.count(req, res, started);
      },
      (error: unknown) => {
        // A fault before anything was written: the full pipeline tries again and answers the documented error.
        if (!res.headersSent) return next();
        this.logger.warn(`delivery of ${req.url} cut off: ${error instanceof Error ? error.message : String(error)}`);
        res.destroy();
      },
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.summary);
    this.logSummary();
  }

  private candidate(req: IncomingMessage): { id: string; ext: string; size: unknown } | null {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.authorization !== undefined) return null;
    // A request carrying a body is left to the pipeline, which reads (or refuses) it.
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return null;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const match = SRC_PATH.exec(queryAt < 0 ? url : url.slice(0, queryAt));
    if (!match || match[1] !== srcSegment(match[2])) return null;
    const size = queryAt < 0 ? undefined : parseQuery(url.slice(queryAt + 1)).size;
    return { id: match[2], ext: match[3], size };
  }

  private async serve(req: IncomingMessage, res: ServerResponse, request: { id: string; ext: string; size: unknown }): Promise<boolean> {
    const media = await this.facts.find(null, request.id);
    if (!media) return false;
    const target = deliveryTarget({ format: media.format!, ext: media.ext! }, request.ext, parseSize(request.size));
    if (!target) return false;
    requestIdFor(req, res);
    return sendObject(this.store, req, res, deliveredObjectOf(media, target));
  }

  private count(req: IncomingMessage, res: ServerResponse, started: bigint): void {
    const finished = () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = `${req.method} ${res.statusCode}`;
      let timing = this.timings.get(labels);
      if (!timing) {
        timing = this.metrics.httpDuration.labels({ method: req.method!, route: DELIVERY_ROUTE, status: String(res.statusCode) });
        this.timings.set(labels, timing);
      }
      timing.observe(seconds);
      this.served.set(res.statusCode, (this.served.get(res.statusCode) ?? 0) + 1);
    };
    if (res.writableFinished) finished();
    else res.once('finish', finished);
  }

  private logSummary(): void {
    if (!this.served.size) return;
    const byStatus = Object.fromEntries(this.served);
    this.served.clear();
    this.logger.log({ msg: 'delivery summary', route: DELIVERY_ROUTE, answers: byStatus });
  }
}
