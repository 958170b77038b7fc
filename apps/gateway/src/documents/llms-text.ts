import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { ACTION_TYPES, ERROR_CATALOGUE, ErrorCode } from '@app/errors';
import { ACTION_GUIDE, ERROR_GUIDE } from './error-guide';
import { errorExamples } from './error-examples';
import { serviceFacts } from './service-facts';

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** `/llms.txt`: all an agent needs to create a key, upload, import, transform and react to every error. */
export function llmsText(config: AppConfig): string {
  const f = serviceFacts(config);
  const free = f.plans.find((plan) => plan.priceUsdPerMonth === 0) ?? f.plans[0];
  return `# img.pro-compatible media API

> Image hosting for agents and people: upload or import an image, get back a public link (\`url\`, a viewer
> page with a social card) and the image itself (\`src\`) in any size and format.

API base: ${f.api}. JSON in and out (multipart for upload). Timestamps are Unix seconds.
Auth: \`Authorization: Bearer img_live_…\`. A header that is present but wrong is 401, never anonymous.
Every response carries \`X-Request-Id\`.

## 1. Create a key (no auth)

POST ${f.api}/keys  {"email": "you@example.com", "name": "my agent"}
→ 201 {"key": "img_live_…", "key_id": "key_…", "status": "active", "verified": false, "limits": {...}, "message": "..."}
The key is shown once: keep it. A verification email goes to the address; until it is verified, media
expire after ${f.unverifiedRetentionDays} days and an account has at most 3 active keys.
Key creation is limited to ${f.keysPerEmail} per email and ${f.keysPerIp} per IP every ${f.keysWindowMinutes} minutes.
List keys: GET ${f.api}/keys (read). Revoke: DELETE ${f.api}/keys/{key_id} (write). Usage: GET ${f.api}/usage (read).

Plans (uploads per UTC month, storage):
${f.plans.map((plan) => `- ${plan.name}: ${plan.uploadsPerMonth} uploads, ${plan.storageMb} MB, $${plan.priceUsdPerMonth}/month`).join('\n')}

## 2. Upload a file

POST ${f.api}/upload  multipart/form-data, key optional
  file (required), name, description, date (ISO), tags (comma list, ≤10), namespace ([a-z0-9-], 2–64),
  public (true/false, default true), ttl (seconds ≥300, or 5m…90d)
curl -H "Authorization: Bearer $KEY" -F file=@photo.jpg -F name="Holiday" ${f.api}/upload
→ 201 media: {"id", "name", "url", "src", "width", "height", "filesize", "format", "tags", "namespace",
   "public", "date", "description", "expires_at", "created_at", "sha256", "thumbhash", "dominant_color"}
"sha256" is the hex SHA-256 of the file as you sent it: compute it before uploading and look it up (section 5).
\`thumbhash\` (base64 ThumbHash) and \`dominant_color\` ("#rrggbb") are a placeholder to paint while the image loads; null for SVG.
Header \`Prefer: respond-async\` answers 202 {"status": "processing", ...} at once; poll GET ${f.api}/media/{id}, or get a webhook (section 6).
Formats (detected from content): JPEG, PNG, GIF, WebP (animation kept), AVIF, HEIC/HEIF (stored as JPEG), SVG (sanitised), BMP, ICO.
Size caps: ${f.keyedMaxMb} MB with a key (SVG ${f.svgMaxMb} MB), ${f.anonymousMaxMb} MB anonymous.
Anonymous: ${f.anonymousHourly} per hour and ${f.anonymousDaily} per day per IP (uploads and imports together), always public,
expire after ${f.anonymousRetentionDays} days, tags/namespace ignored; the answer carries an \`upgrade\` hint to ${f.quickStart}.
With a key: ${free.uploadsPerMonth} uploads a month on the ${free.name} plan, ${f.perKey} requests per ${f.perKeyWindowS} s.

## 3. Import from a URL

POST ${f.api}/import  {"url": "https://example.com/cat.png", ...same optional fields}
The service fetches it (public addresses only, at most 5 redirects, ${f.importTimeoutS} s for the whole fetch) → 201 media.

## 4. Transform (delivery)

\`src\` is ${f.src}/{seg}/{id}.{ext}. Change the extension to convert, add ?size= to scale:
- extensions: ${f.outputExtensions.join(', ')} (${f.servedAsStored.join(', ').toUpperCase()} originals are served as stored)
${f.sizes.map((size) => `- ?size=${size.size}: ${size.text}`).join('\n')}
- unknown size values are ignored
Example: ${f.src}/ab/ab12cd34.webp?size=m
Answers carry ETag, Cache-Control: public, max-age=31536000, immutable; If-None-Match → 304; Range → 206.
The viewer page ${f.web}/{id} shows the image with Open Graph/Twitter card tags (public media only).

## 5. Manage media (key required)

GET ${f.api}/media?limit=50&cursor=…&tags=a,b&tag_mode=any|all&namespace=…&ids=…&sha256=… (read) → {"data": [media], "pagination": {"next_cursor", "has_more"}}
?sha256=<64 lowercase hex> lists your media uploaded with exactly those bytes, so you can skip an upload you already made.
GET ${f.api}/media/{id} (public media to anyone) · PATCH ${f.api}/media/{id} (write) · DELETE ${f.api}/media/{id} (write)
Batches: PATCH|DELETE ${f.api}/media?ids=a,b (≤100) → {"updated"|"deleted": n, "ids": [...], "errors": [{"id", "error", "message"}]}

## 6. Webhooks (key required)

Get a signed POST when a media is ready, fails or is deleted, instead of polling.
curl -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"url": "https://example.com/hooks/imgpro"}' ${f.api}/webhooks
→ 201 {"id": "wh_…", "url", "events", "secret": "whsec_…", "created_at"}: the secret is shown once, keep it.
"events" (optional): any of ${f.webhookEvents.join(', ')} (default all). At most ${f.maxWebhooks} per account (one more → 422 validation_error).
The URL must be http(s) to a public address, checked at every delivery; redirects are not followed.
GET ${f.api}/webhooks (read) · DELETE ${f.api}/webhooks/{id} (write) · GET ${f.api}/webhooks/{id}/deliveries (read: the last ${f.webhookDeliveriesKept}
attempts, {"id", "event", "attempt", "status_code", "error", "outcome", "at"})
Each event is a POST of JSON {"type", "timestamp", "data"}: data is {"media": media} for media.ready and media.deleted,
{"id", "error": {"error", "message"}} for media.failed. Standard Webhooks headers: webhook-id (the same on every retry),
webhook-timestamp (Unix seconds), webhook-signature "v1,<base64 of HMAC-SHA256 over {webhook-id}.{webhook-timestamp}.{raw body},
keyed with the base64-decoded secret after whsec_>".
Verify on the raw body before trusting it, with a Standard Webhooks library, e.g. in Node
\`new Webhook(secret).verify(rawBody, headers)\` from the \`standardwebhooks\` package (it also refuses a timestamp over 5 minutes off).
Answer 2xx within ${f.webhookTimeoutS} s. Anything else is retried after ${f.webhookRetryDelays.join(', ')}, then given up.
Delivered at least once: deduplicate on webhook-id. Answering 410 disables the endpoint ("disabled_at" in GET ${f.api}/webhooks).

## 7. Errors

Every error: {"error": code, "message": text, "action"?: {"type", "url"?, "label"?, "seconds"?}, "usage"?: {...},
"errors"?: {field: [messages]}, "retry_after"?: seconds}. Branch on \`error\` and \`action.type\`, never on \`message\`.

Action types:
${ACTION_TYPES.map((type) => `- ${type}: ${ACTION_GUIDE[type]}`).join('\n')}

Error codes:
${CODES.map((code) => `- ${code} (HTTP ${statusesOf(code, config)}): ${ERROR_GUIDE[code].when} → ${ERROR_GUIDE[code].handle}`).join('\n')}

## 8. As MCP tools (Model Context Protocol)

Streamable HTTP at ${config.apiBaseUrl}/mcp (Authorization: Bearer optional, as above), or stdio with \`npm run -s mcp\`
in a checkout of the service. Client configuration:
{"mcpServers": {"imgpro": {"type": "http", "url": "${config.apiBaseUrl}/mcp", "headers": {"Authorization": "Bearer $KEY"}}}}
Tools: create_key, upload_image (data_base64), import_image, list_media, get_media, update_media, delete_media,
get_usage; each answers what its endpoint above answers. An error is a result with isError and the error body
of section 7: follow its action the same way. Resource: imgpro://docs/llms-full.txt (this guide, in full).

## More

- ${f.web}/llms-full.txt: this plus every endpoint and an example of every error
- ${config.apiBaseUrl}/openapi.json: OpenAPI 3 document; ${config.apiBaseUrl}/docs: the same, rendered
- ${f.quickStart}: quick start for humans
`;
}

function statusesOf(code: ErrorCode, config: AppConfig): string {
  return [...new Set(errorExamples(config)[code].map((example) => example.status))].join('/');
}

/** `/llms-full.txt`: llms.txt, then every operation of the OpenAPI document and an example of every error. */
export function llmsFullText(config: AppConfig, document: OpenAPIObject): string {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const parameters = (operation.parameters ?? []).map((parameter: { name: string; in: string; required?: boolean }) => `${parameter.name} (${parameter.in}${parameter.required ? ', required' : ''})`);
      const body = operation.requestBody ? Object.keys(operation.requestBody.content ?? {}).join(', ') : '';
      const answers = Object.entries(operation.responses as Record<string, { description?: string }>).map(([status, response]) => `${status} ${response.description ?? ''}`.trim());
      operations.push(
        `### ${method.toUpperCase()} ${path}\n${operation.summary ?? ''}${operation.description ? `\n${operation.description}` : ''}` +
          (parameters.length ? `\nParameters: ${parameters.join(', ')}` : '') +
          (body ? `\nBody: ${body}` : '') +
          `\nAnswers: ${answers.join('; ')}`,
      );
    }
  }
  const examples = errorExamples(config);
  const errorSection = CODES.map((code) =>
    [`### ${code}`, `${ERROR_GUIDE[code].when}`, `What to do: ${ERROR_GUIDE[code].handle}`, ...examples[code].map((example) => `HTTP ${example.status}, ${example.summary}:\n${JSON.stringify(example.body, null, 2)}`)].join('\n'),
  );
  return `${llmsText(config)}\n# Full reference\n\n## Endpoints\n\n${operations.join('\n\n')}\n\n## Every error, with an example\n\n${errorSection.join('\n\n')}\n`;
}
