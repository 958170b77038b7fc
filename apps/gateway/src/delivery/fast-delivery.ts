import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'http';
import { requestIdFor, requestIdOf } from '@app/logging';
import { OBJECT_STORE, ObjectStore } from '@app/storage';
import { MetricsService } from '../metrics/metrics.service';
import { isNotModified } from './conditional-request';
import { DeliveryFacts } from './delivery-facts';
import { PreparedObjects } from './prepared-objects';
import { sendObject } from './send-object';
import { parseSrcRequest, SrcRequest } from './src-request';

/** The label the delivery route's requests carry in the HTTP latency histogram, whichever way they were served. */
export const DELIVERY_ROUTE = '/:seg/:file';
const SUMMARY_INTERVAL_MS = 60_000;

type Timing = { observe(seconds: number): void };

/**
 * `src` served before Express and Nest: an anonymous GET or HEAD (no Authorization: nobody to identify, no
 * rate limit applies) of a visible media whose original or variant is in storage, or a 304 for it. The media's
 * facts come from the gateway's cache (or one statement), so a revalidation touches neither storage nor the
 * database; with the facts cached it is answered at once, without a promise, from headers formatted once per
 * cached row (PreparedObjects). Anything else (an unknown or private media, a variant not rendered yet, a key,
 * a fault) is handed to the full pipeline untouched, which answers it exactly as before (404 body, render and
 * its limit, errors). The answer is the same bytes and headers as the full pipeline's (`sendObject`); the
 * request is counted in the same histogram, and logged as a summary line a minute instead of one line per image.
 */
@Injectable()
export class FastDelivery implements OnModuleDestroy {
  private readonly logger = new Logger('Delivery');
  private readonly prepared = new PreparedObjects();
  private readonly served = new Map<number, number>();
  /** One batched histogram series per method and status, kept: looking a series up by its labels hashes them on every call. */
  private readonly timings = { GET: new Map<number, Timing>(), HEAD: new Map<number, Timing>() };
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
    const request = this.candidate(req);
    if (!request) return next();
    const started = performance.now();
    if (this.answerCurrentCopy(req, res, request)) return this.counted(req.method as 'GET' | 'HEAD', 304, started);
    this.serve(req, res, request).then(
      (served) => {
        if (!served) return next();
        this.countWhenFinished(req, res, started);
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

  private candidate(req: IncomingMessage): SrcRequest | null {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.authorization !== undefined) return null;
    // A request carrying a body is left to the pipeline, which reads (or refuses) it.
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return null;
    return parseSrcRequest(req.url ?? '');
  }

  /** The 304 to a revalidation of a media whose facts are cached, written whole at once; false when it is not one. */
  private answerCurrentCopy(req: IncomingMessage, res: ServerResponse, request: SrcRequest): boolean {
    const media = this.facts.cachedPublic(request.id);
    if (!media) return false;
    const prepared = this.prepared.of(media, request.ext, request.size);
    if (!prepared || !isNotModified(req.headers, prepared.object)) return false;
    const headers = prepared.notModified;
    // Written into the answer's head at once (writeHead keeps no reference), so one object serves every 304.
    headers['X-Request-Id'] = requestIdOf(req);
    res.writeHead(304, headers);
    res.end();
    return true;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, request: SrcRequest): Promise<boolean> {
    const media = this.facts.cachedPublic(request.id) ?? (await this.facts.find(null, request.id));
    if (!media) return false;
    const prepared = this.prepared.of(media, request.ext, request.size);
    if (!prepared) return false;
    requestIdFor(req, res);
    return sendObject(this.store, req, res, prepared.object, prepared.headers);
  }

  private countWhenFinished(req: IncomingMessage, res: ServerResponse, started: number): void {
    const finished = () => this.counted(req.method as 'GET' | 'HEAD', res.statusCode, started);
    if (res.writableFinished) finished();
    else res.once('finish', finished);
  }

  private counted(method: 'GET' | 'HEAD', status: number, started: number): void {
    const byStatus = this.timings[method];
    let timing = byStatus.get(status);
    if (!timing) {
      timing = this.metrics.batchedHttpDuration({ method, route: DELIVERY_ROUTE, status: String(status) });
      byStatus.set(status, timing);
    }
    timing.observe((performance.now() - started) / 1000);
    this.served.set(status, (this.served.get(status) ?? 0) + 1);
  }

  private logSummary(): void {
    if (!this.served.size) return;
    const byStatus = Object.fromEntries(this.served);
    this.served.clear();
    this.logger.log({ msg: 'delivery summary', route: DELIVERY_ROUTE, answers: byStatus });
  }
}
