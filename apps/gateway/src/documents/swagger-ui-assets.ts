import * as path from 'path';
import { HtmlDocument } from '../pages/html-page';

/** Swagger UI is served from the installed package: /docs works without any outside network. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function swaggerUiAsset(name: string): { file: string; contentType: string } | null {
  const contentType = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
  return contentType ? { file: path.join(SWAGGER_UI_DIR, name), contentType } : null;
}

/** Starts Swagger UI on /openapi.json; a file of its own, so the page's CSP needs no inline script. */
export const SWAGGER_UI_INIT = `window.addEventListener('load',function(){window.ui=SwaggerUIBundle({url:'/openapi.json',dom_id:'#swagger-ui',deepLinking:true,validatorUrl:null,presets:[SwaggerUIBundle.presets.apis,SwaggerUIStandalonePreset],layout:'StandaloneLayout'})});`;

/** Swagger UI sets style attributes, so styles need 'unsafe-inline'; scripts only from this origin, no inline one. */
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The API reference page (Swagger UI). */
export const DOCS_DOCUMENT: HtmlDocument = {
  title: 'API reference',
  headHtml: `<link rel="icon" href="/docs/favicon-32x32.png"><link rel="stylesheet" href="/docs/swagger-ui.css">`,
  bodyHtml:
    `<div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script>` +
    `<script src="/docs/swagger-ui-standalone-preset.js"></script><script src="/docs/swagger-ui-init.js"></script>`,
  csp: DOCS_CSP,
};

