import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

type Content = { content: Record<string, { schema: object }> };

/** What a route serving through `send-object` answers besides its 200: a Range (206, 416) and a conditional request (304). */
export const ApiRangeAndConditionalResponses = (partial: Content | Record<string, never> = {}) =>
  applyDecorators(
    ApiResponse({ status: 206, description: 'The requested Range', ...partial }),
    ApiResponse({ status: 304, description: 'Not modified (If-None-Match / If-Modified-Since)' }),
    ApiResponse({ status: 416, description: 'Range not satisfiable' }),
  );
