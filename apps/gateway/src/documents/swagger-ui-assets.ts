import { promises as fs } from 'fs';
import * as path from 'path';
import { FsObjectStore } from '@app/storage';
import type { DeliveredObject } from '../delivery/send-object';
import { HtmlDocument } from '../pages/html-page';

/**
 * Swagger UI is served from the installed package: /docs works without any outside network. Read as a
 * folder store (root-confined, streamed), not through Express's static sending, which refuses a
 * path with a dot-segment anywhere in it (an install under `~/.local/…`).
 */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
export const SWAGGER_UI_STORE = new FsObjectStore(SWAGGER_UI_DIR);
const SWAGGER_UI_VERSION: string = require('swagger-ui-dist/package.json').version;
const CACHE_CONTROL = 'public, max-age=86400';

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const validators = new Map<string, Promise<DeliveredObject>>();

/** One of Swagger UI's files as `sendObject` serves it (its validators read once), or null for any other name. */
export function swaggerUiAsset(name: string): Promise<DeliveredObject> | null {
  const contentType = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
  if (!contentType) return null;
  let asset = validators.get(name);
  if (!asset) {
    asset = describeAsset(name, contentType);
    validators.set(name, asset);
    asset.catch(() => validators.delete(name));
  }
  return asset;
}

async function describeAsset(key: string, contentType: string): Promise<DeliveredObject> {
  const stat = await fs.stat(path.join(SWAGGER_UI_DIR, key));
  const etag = `"${SWAGGER_UI_VERSION}-${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
  return { key, contentType, cacheControl: CACHE_CONTROL, size: stat.size, etag, lastModified: stat.mtime };
}

/** Starts Swagger UI on /openapi.json; a file of its own, so the page's CSP needs no inline script. */
export const SWAGGER_UI_INIT = `window.addEventListener('load',function(){window.ui=SwaggerUIBundle({url:'/openapi.json',dom_id:'#swagger-ui',deepLinking:true,validatorUrl:null,presets:[SwaggerUIBundle.presets.apis,SwaggerUIStandalonePreset],layout:'StandaloneLayout'})});`;

/** Swagger UI sets style attributes, so styles need 'unsafe-inline'; scripts only from this origin, no inline one. */
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The API reference page (Swagger UI). */
export const DOCS_DOCUMENT: HtmlDocument = {
  title: 'API reference',
  headHtml: `<link rel="stylesheet" href="/docs/swagger-ui.css">`,
  bodyHtml:
    `<div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script>` +
    `<script src="/docs/swagger-ui-standalone-preset.js"></script><script src="/docs/swagger-ui-init.js"></script>`,
  csp: DOCS_CSP,
};

