import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RestAnswer } from './rest-call';

/** The REST answer as a tool result: its body as structuredContent and as JSON text; an error status sets isError. */
export function toolResult(answer: RestAnswer): CallToolResult {
  const body = isObject(answer.body) ? answer.body : { error: 'internal_error', message: 'Internal server error' };
  return {
    content: [{ type: 'text', text: JSON.stringify(body) }],
    structuredContent: body,
    ...(answer.status >= 400 ? { isError: true } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
