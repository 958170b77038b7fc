import { escapeHtml } from '@app/accounts';
import type { AppConfig } from '@app/config';
import { ACTION_TYPES } from '@app/errors';
import { HashedPage, InlineCode } from '../pages/hashed-page';
import { ACTION_GUIDE } from './error-guide';
import { serviceFacts } from './service-facts';

const STYLE = new InlineCode(
  `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2328;line-height:1.6}` +
    `h1{font-size:1.8rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}` +
    `pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:8px;padding:.9rem 1rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}` +
    `code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}table{border-collapse:collapse;width:100%}` +
    `td,th{border:1px solid #d0d7de;padding:.4rem;text-align:left}.muted{color:#656d76}a{color:#0969da}`,
);

/** `/api/quick-start`: the human quick start the anonymous rate limit points to. Numbers come from the config. */
export function quickStartPage(config: AppConfig): HashedPage {
  const f = serviceFacts(config);
  const e = escapeHtml;
  const body = `<main>
<h1>Quick start</h1>
<p class="muted">Host images with one HTTP call. Anonymous uploads work at once (${f.anonymousHourly} an hour, kept ${f.anonymousRetentionDays} days); an API key gives you more.</p>
<h2>1. Create an API key</h2>
<pre><code>curl -X POST ${e(f.api)}/keys -H 'Content-Type: application/json' -d '{"email":"you@example.com"}'</code></pre>
<p>The answer holds your key (<code>img_live_…</code>), shown once. Click the link in the email we send to keep your images permanently.</p>
<h2>2. Upload an image</h2>
<pre><code>curl ${e(f.api)}/upload -H "Authorization: Bearer $KEY" -F file=@photo.jpg</code></pre>
<p>You get back <code>url</code> (a page to share) and <code>src</code> (the image). Up to ${e(f.keyedMaxMb)} MB with a key, ${e(f.anonymousMaxMb)} MB without.</p>
<h2>3. Or import one from a URL</h2>
<pre><code>curl ${e(f.api)}/import -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"url":"https://example.com/cat.png"}'</code></pre>
<h2>4. Resize and convert</h2>
<p>Change the extension of <code>src</code> (${e(f.outputExtensions.join(', '))}) and add <code>?size=</code>:</p>
<table><tr><th>size</th><th>result</th></tr>${f.sizes.map((size) => `<tr><td><code>${e(size.size)}</code></td><td>${e(size.text)}</td></tr>`).join('')}</table>
<h2>Plans</h2>
<table><tr><th>plan</th><th>uploads a month</th><th>storage</th><th>price</th></tr>${f.plans
    .map((plan) => `<tr><td>${e(plan.name)}</td><td>${plan.uploadsPerMonth.toLocaleString('en-US')}</td><td>${(plan.storageMb / 1024).toLocaleString('en-US')} GB</td><td>$${plan.priceUsdPerMonth}/month</td></tr>`)
    .join('')}</table>
<h2>When something goes wrong</h2>
<p>Errors are JSON: <code>{"error": code, "message": …}</code>, and some carry an <code>action</code>:</p>
<ul>${ACTION_TYPES.map((type) => `<li><code>${type}</code>: ${e(ACTION_GUIDE[type]).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`).join('')}</ul>
<h2>More</h2>
<ul><li><a href="${e(config.apiBaseUrl)}/docs">API reference</a> (<a href="${e(config.apiBaseUrl)}/openapi.json">OpenAPI</a>)</li>
<li><a href="${e(f.web)}/llms.txt">llms.txt</a> for AI agents (<a href="${e(f.web)}/llms-full.txt">full</a>)</li></ul>
</main>`;
  return { title: 'Quick start', bodyHtml: body, style: STYLE };
}
