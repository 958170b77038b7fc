import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'http';
import { Test } from 'supertest';
import { contractProblems, Exchange } from './openapi-contract';

/**
 * Every exchange a suite makes through supertest with the gateway (its answers carry `X-Request-Id`) is
 * checked against the `/openapi.json` that gateway serves (see `contractProblems`); a disagreement fails
 * the request the way a failed `.expect()` does, naming the path and the difference. A suite turns it
 * on by importing this module (`import '../harness/contract/check-supertest';`).
 */
interface RecordedTest {
  _data?: unknown;
  _contractMultipart?: Record<string, string>;
  _refusalBeyondDocument?: string;
}

interface ClientRequestLike {
  method: string;
  path: string;
  protocol: string;
  host: string;
  getHeaders(): OutgoingHttpHeaders;
}

interface ResponseLike {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  text?: string;
  req?: ClientRequestLike;
}

declare module 'supertest' {
  interface Test {
    /** This request's `validation_error` comes from a rule the document cannot state (account state, a range in text): said in `why`. */
    refusalBeyondDocument(why: string): Test;
  }
}

type Prototype = Record<string, (...args: any[]) => any>;
const prototype = Test.prototype as unknown as Prototype;
const { assert, field, attach } = prototype;

prototype.refusalBeyondDocument = function (this: RecordedTest, why: string) {
  this._refusalBeyondDocument = why;
  return this;
};

prototype.field = function (this: RecordedTest, name: unknown, value: unknown, ...rest: unknown[]) {
  if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    (this._contractMultipart ??= {})[name] = String(value);
  }
  return field.call(this, name, value, ...rest);
};

prototype.attach = function (this: RecordedTest, name: unknown, ...rest: unknown[]) {
  if (typeof name === 'string') (this._contractMultipart ??= {})[name] = 'binary';
  return attach.call(this, name, ...rest);
};

prototype.assert = function (this: RecordedTest, resError: unknown, res: ResponseLike | undefined, fn: (error: unknown, res?: unknown) => void) {
  return assert.call(this, resError, res, (error: unknown, checked?: unknown) => {
    const exchange = error || !res?.req || !res.headers['x-request-id'] ? null : exchangeOf(this, res, res.req);
    if (!exchange) return fn(error, checked);
    contractProblems(`${res!.req!.protocol}//${res!.req!.host}${portOf(res!.req!)}`, exchange).then(
      (problems) => fn(problems.length ? new Error(`OpenAPI contract:\n${problems.join('\n')}`) : null, checked),
      (failure) => fn(failure, checked),
    );
  });
};

function portOf(req: ClientRequestLike): string {
  const host = String(req.getHeaders().host ?? '');
  const port = host.includes(':') ? host.slice(host.lastIndexOf(':')) : '';
  return port;
}

function exchangeOf(test: RecordedTest, res: ResponseLike, req: ClientRequestLike): Exchange {
  const requestHeaders = Object.fromEntries(Object.entries(req.getHeaders()).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return {
    method: req.method,
    target: req.path,
    requestHeaders,
    requestBody: requestBodyOf(test, requestHeaders['content-type']),
    status: res.status,
    responseHeaders: res.headers,
    responseBody: typeof res.body === 'object' && res.body !== null && !Buffer.isBuffer(res.body) ? res.body : undefined,
    refusalBeyondDocument: test._refusalBeyondDocument !== undefined,
  };
}

function requestBodyOf(test: RecordedTest, contentType: string | undefined): Exchange['requestBody'] {
  if (test._contractMultipart) return { multipart: test._contractMultipart };
  const data = test._data;
  if (data === undefined) return undefined;
  if (typeof data !== 'string') return { json: data };
  if (!/json/.test(contentType ?? '')) return { text: data };
  try {
    return { json: JSON.parse(data) };
  } catch {
    return { text: data };
  }
}
