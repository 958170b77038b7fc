import type { RestCall } from '@app/mcp';

/** A tool's REST call over HTTP to a running service, with the configured key. */
export function httpRestCall(apiUrl: string, apiKey: string | undefined): RestCall {
  const authorization: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  return async ({ method, path, json, form, headers }) => {
    const response = await fetch(new URL(path, apiUrl), {
      method,
      headers: { ...headers, ...authorization, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: form ?? (json ? JSON.stringify(json) : undefined),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
