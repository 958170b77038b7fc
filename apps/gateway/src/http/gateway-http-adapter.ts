import * as http from 'http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { HttpLimits } from '@app/config';
import { bodyIdleGuard } from './body-idle-guard';
import { handleClientError } from './client-error-handler';
import { closeOnEarlyAnswer } from './early-answer-close';
import { rejectExpectation } from './expectation-handler';

/**
 * Express adapter whose HTTP server has deliberate limits on slow clients (Node's defaults hold an upload
 * for 300 s and check only every 30 s) and answers protocol-level rejections with JSON bodies.
 */
export type FirstHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export class GatewayHttpAdapter extends ExpressAdapter {
  private first: FirstHandler | undefined;

  constructor(private readonly limits: HttpLimits) {
    super();
  }

  /** A handler that sees each request before Express does, and passes it on (next) when it does not answer it. */
  handleFirst(handler: FirstHandler): void {
    this.first = handler;
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.forceCloseConnections) {
      throw new Error('GatewayHttpAdapter serves plain HTTP without forceCloseConnections');
    }
    const { headersTimeoutMs, requestTimeoutMs, idleTimeoutMs, keepAliveTimeoutMs } = this.limits;
    const server = http.createServer(
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        keepAliveTimeout: keepAliveTimeoutMs,
        // How often Node looks for requests over the two timeouts above; its default is 30 s.
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
      },
      (req, res) => {
        const express = this.getInstance<(req: http.IncomingMessage, res: http.ServerResponse) => void>();
        if (this.first) this.first(req, res, () => express(req, res));
        else express(req, res);
      },
    );
    // Before the app's own listener, so that an answer the app writes at once is covered too.
    server.prependListener('request', closeOnEarlyAnswer);
    server.on('request', bodyIdleGuard(idleTimeoutMs));
    server.on('clientError', handleClientError);
    server.on('checkExpectation', rejectExpectation);
    this.setHttpServer(server);
  }
}
