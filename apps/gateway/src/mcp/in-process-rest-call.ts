import { request as httpRequest, Server } from 'http';
import { Readable } from 'stream';
import type { Request } from 'express';
import { requestBody, RestCall } from '@app/mcp';
import { clientIp } from '../rate-limit/rate-limit.guard';
import { socketPair } from './socket-pair';

/**
 * A tool's REST call, handed to this gateway's own HTTP server over an in-memory connection (no port,
 * no network): the same route, guards (auth, ability, rate limits), quotas and error filter as over HTTP,
 * as the /mcp caller (its key, its address, its request id), so the tool answers byte for byte what REST answers.
 * The body is written as the server reads it (an upload's file decoded piece by piece), never held whole.
 */
export function inProcessRestCall(server: Server, caller: Request): RestCall {
  const forwarded: Record<string, string> = {};
  for (const name of ['authorization', 'x-request-id', 'user-agent']) {
    const value = caller.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  const address = clientIp(caller);
  return async (call) => {
    const body = await requestBody(call);
    const headers: Record<string, string | number> = { ...call.headers, ...forwarded, host: caller.headers.host ?? 'localhost', connection: 'close' };
    if (body) Object.assign(headers, { 'content-type': body.contentType, 'content-length': body.length });
    return new Promise((resolve, reject) => {
      const { client, server: serverEnd } = socketPair(address);
      const outgoing = httpRequest({ method: call.method, path: call.path, headers, createConnection: () => client as never }, (response) => {
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
      if (!body) return void outgoing.end();
      // An answer before the whole body (an upload over the cap) ends the connection: stop producing the rest.
      const source = Readable.from(body.chunks(), { objectMode: false });
      outgoing.once('close', () => source.destroy());
      source.pipe(outgoing);
    });
  };
}
