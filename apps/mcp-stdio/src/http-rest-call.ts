import { requestBody, RestCall } from '@app/mcp';

/** A tool's REST call over HTTP to a running service, with the configured key. */
export function httpRestCall(apiUrl: string, apiKey: string | undefined): RestCall {
  const authorization: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  return async (call) => {
    const body = await requestBody(call);
    const response = await fetch(new URL(call.path, apiUrl), {
      method: call.method,
      headers: { ...call.headers, ...authorization, ...(body ? { 'content-type': body.contentType } : {}) },
      body: body ? new Blob([...body.chunks()]) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
