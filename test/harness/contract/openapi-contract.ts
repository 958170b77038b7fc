import * as http from 'http';
import { OpenAPIBackend, ValidationContext } from 'openapi-backend';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { PROTOCOL_FAILURE_STATUSES } from '@app/errors';
import addFormats from 'ajv-formats';
import { UNDOCUMENTED_PATHS } from './undocumented-routes';

/** One request and its answer, as the contract check sees them. */
export interface Exchange {
  method: string;
  /** Path and query string, as sent. */
  target: string;
  requestHeaders: Record<string, string>;
  /** A JSON body (parsed when the test sent a string), multipart fields (files as `binary`), or none. */
  requestBody?: { json: unknown } | { text: string } | { multipart: Record<string, string> };
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, when the answer is JSON. */
  responseBody?: unknown;
  /** The test says a `validation_error` here comes from a rule the document cannot state (account state, a range in text). */
  refusalBeyondDocument?: boolean;
}

interface Contract {
  api: OpenAPIBackend;
  /** Multipart fields travel as text: their values are read as the schema's types (as a server does). */
  multipartApi: OpenAPIBackend;
  fileParts: Map<string, string[]>;
  errorBody?: ValidateFunction;
}

const contracts = new Map<string, Promise<Contract | null>>();
const DOCUMENT_TIMEOUT_MS = 5000;

/**
 * What the exchange does that the gateway's own `/openapi.json` does not allow, as readable lines (none
 * when it agrees): every answer's status must be documented and its JSON body match the schema; a request
 * answered with success must be valid by the document, one refused as `validation_error` invalid by it.
 */
export async function contractProblems(origin: string, exchange: Exchange): Promise<string[]> {
  const contract = await contractOf(origin);
  if (!contract) return [];
  const [path, query = ''] = splitTarget(exchange.target);
  // Such a path would otherwise be taken for a documented template (`/keys` for the viewer's `/{id}`).
  if (UNDOCUMENTED_PATHS.test(path)) return [];
  const request = { method: exchange.method.toLowerCase(), path: decodedPath(path), query, headers: exchange.requestHeaders, body: requestBodyOf(exchange) };
  const operation = staticOperation(contract, request.method, request.path) ?? contract.api.matchOperation(request);
  if (!operation) return [];
  const name = `${exchange.method.toUpperCase()} ${operation.path} (${exchange.method.toUpperCase()} ${exchange.target} → ${exchange.status})`;
  const problems: string[] = [];
  const responses = operation.responses ?? {};
  const documented = String(exchange.status) in responses || `${String(exchange.status)[0]}XX` in responses || 'default' in responses;
  if (!documented && PROTOCOL_FAILURE_STATUSES.includes(exchange.status)) {
    // The document's description says any operation may answer these, in the ErrorBody shape.
    problems.push(...describe('response', errorBodyProblems(contract, exchange.responseBody)));
  } else if (!documented) {
    problems.push(`status ${exchange.status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
  } else if (exchange.responseBody !== undefined && isJson(exchange.responseHeaders)) {
    const result = contract.api.validateResponse(exchange.responseBody, operation, exchange.status);
    problems.push(...describe('response', result.errors));
  }
  const validator = exchange.requestBody && 'multipart' in exchange.requestBody ? contract.multipartApi : contract.api;
  const requestProblems = [
    ...contentTypeProblems(operation.requestBody as { required?: boolean; content?: Record<string, unknown> } | undefined, contract.fileParts.get(operation.operationId!) ?? [], exchange),
    ...describe('request', validator.validateRequest(request, validator.getOperation(operation.operationId!)!).errors),
  ];
  const refusedAsInvalid = exchange.status === 422 && (exchange.responseBody as { error?: string } | undefined)?.error === 'validation_error';
  if (exchange.status < 400) problems.push(...requestProblems);
  if (refusedAsInvalid && !exchange.refusalBeyondDocument && !requestProblems.length) {
    problems.push(`request refused as validation_error ${JSON.stringify(exchange.responseBody)} is valid by the document`);
  }
  return problems.map((problem) => `${name}: ${problem}`);
}

/** The validator reads a body whatever its type: whether the document takes that type at all is checked here. */
function contentTypeProblems(body: { required?: boolean; content?: Record<string, unknown> } | undefined, files: string[], exchange: Exchange): string[] {
  if (!body?.content) return [];
  const contentType = exchange.requestHeaders['content-type']?.split(';')[0].trim().toLowerCase();
  if (!contentType) return body.required ? ['request has no body, which the document requires'] : [];
  if (!(contentType in body.content)) return [`request body is ${contentType}, the document takes ${Object.keys(body.content).join(', ')}`];
  return missingFileParts(files, exchange);
}

interface PartsSchema {
  $ref?: string;
  required?: string[];
  properties?: Record<string, { format?: string }>;
}

/** The validator leaves required file parts out of its check (it cannot see files): whether they were sent is checked here. */
function missingFileParts(files: string[], exchange: Exchange): string[] {
  const parts = exchange.requestBody && 'multipart' in exchange.requestBody ? exchange.requestBody.multipart : undefined;
  if (!parts) return [];
  return files.filter((name) => !(name in parts)).map((name) => `request has no file part "${name}", which the document requires`);
}

/** Each operation's required file parts, read before the validator drops them from the schemas it shares. */
function requiredFileParts(document: { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, PartsSchema> } }): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      let schema: PartsSchema | undefined = operation?.requestBody?.content?.['multipart/form-data']?.schema;
      if (schema?.$ref) schema = document.components?.schemas?.[schema.$ref.split('/').pop()!];
      const required = (schema?.required ?? []).filter((name) => schema?.properties?.[name]?.format === 'binary');
      if (required.length) files.set(operation.operationId, required);
    }
  }
  return files;
}

/**
 * A route without parameters that the path names as Express routes it (any case, a trailing slash or not):
 * `/VERIFY/` is the gateway's `/verify`, which the validator alone would take for the viewer's `/{id}`.
 */
function staticOperation(contract: Contract, method: string, path: string) {
  const wanted = path.toLowerCase().replace(/(.)\/$/, '$1');
  return contract.api.getOperations().find((operation) => operation.method === method && !operation.path.includes('{') && operation.path.toLowerCase() === wanted);
}

/** How a body differs from the document's ErrorBodySchema (its validator compiled on first use). */
function errorBodyProblems(contract: Contract, body: unknown): ErrorObject[] {
  if (!contract.errorBody) {
    const schema = (contract.api.definition as { components?: { schemas?: Record<string, object> } }).components?.schemas?.ErrorBodySchema ?? false;
    contract.errorBody = addFormats(new Ajv({ strict: false, allErrors: true })).compile(schema);
  }
  return contract.errorBody(body) ? [] : (contract.errorBody.errors ?? []);
}

function describe(what: 'request' | 'response', errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${what} ${error.instancePath || '(whole)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
}

function requestBodyOf(exchange: Exchange): unknown {
  const body = exchange.requestBody;
  if (!body) return undefined;
  if ('json' in body) return body.json;
  if ('multipart' in body) return body.multipart;
  return body.text;
}

/** Path parameters as the service reads them (the validator would compare `a%40b.com` with an email format). */
function decodedPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function splitTarget(target: string): [string, string?] {
  const at = target.indexOf('?');
  return at < 0 ? [target] : [target.slice(0, at), target.slice(at + 1)];
}

function isJson(headers: Exchange['responseHeaders']): boolean {
  return /^application\/(.+\+)?json/.test(String(headers['content-type'] ?? ''));
}

function contractOf(origin: string): Promise<Contract | null> {
  let contract = contracts.get(origin);
  if (!contract) {
    contract = loadContract(origin);
    contracts.set(origin, contract);
  }
  return contract;
}

async function loadContract(origin: string): Promise<Contract | null> {
  const document = await getJson(`${origin}/openapi.json`).catch(() => null);
  if (!document || typeof document !== 'object' || !('openapi' in document)) return null;
  const make = (coerceBody: boolean) =>
    new OpenAPIBackend({
      definition: structuredClone(document) as never,
      strict: false,
      // Quick: no check of the document itself (the documents suite validates it), and each operation's
      // validators compiled when it is first met. Compiling all of them up front took 10-20 s per gateway
      // on a loaded 2-core machine, in the process that also runs the in-process gateway.
      quick: true,
      validate: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv, ajvOpts, context) =>
        addFormats(coerceBody && context === ValidationContext.RequestBody ? new Ajv({ ...ajvOpts, coerceTypes: true }) : ajv),
    }).init();
  const fileParts = requiredFileParts(document as unknown as Parameters<typeof requiredFileParts>[0]);
  const [api, multipartApi] = await Promise.all([make(false), make(true)]);
  return { api, multipartApi, fileParts };
}

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: DOCUMENT_TIMEOUT_MS }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 ? JSON.parse(text) : null);
        } catch {
          resolve(null);
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}
