import { request as httpRequest, Server } from 'http';
import type { Request } from 'express';
import { encodeForm, RestCall } from '@app/mcp';
import { clientIp } from '../rate-limit/rate-limit.guard';
import { socketPair } from './socket-pair';

/**
 * A tool's REST call, handed to this gateway's own HTTP server over an in-memory connection (no port,
 * no network): the same route, guards (auth, ability, rate limits), quotas and error filter as over HTTP,
 * as the /mcp caller (its key, its address, its request id), so the tool answers byte for byte what REST answers.
 */
export function inProcessRestCall(server: Server, caller: Request): RestCall {
  const forwarded: Record<string, string> = {};
  for (const name of ['authorization', 'x-request-id', 'user-agent']) {
    const value = caller.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  const address = clientIp(caller);
  return async ({ method, path, json, form, headers: extra }) => {
    const body = form ? await encodeForm(form) : json ? { bytes: Buffer.from(JSON.stringify(json)), contentType: 'application/json' } : undefined;
    const headers: Record<string, string | number> = { ...extra, ...forwarded, host: caller.headers.host ?? 'localhost', connection: 'close' };
    if (body) Object.assign(headers, { 'content-type': body.contentType, 'content-length': body.bytes.length });
    return new Promise((resolve, reject) => {
      const { client, server: serverEnd } = socketPair(address);
      const outgoing = httpRequest({ method, path, headers, createConnection: () => client as never }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 500, body: text ? JSON.parse(text) : undefined });
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      server.emit('connection', serverEnd);
      outgoing.end(body?.bytes);
    });
  };
}
