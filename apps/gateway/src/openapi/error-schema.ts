import { ApiExtension, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_TYPES, ERROR_CATALOGUE, ErrorCode } from '@app/errors';

export class ErrorActionSchema {
  @ApiProperty({ enum: ACTION_TYPES })
  type: string;
  @ApiPropertyOptional({ format: 'uri', description: 'Signed link (verify, upgrade) or page (redirect) to show the human' })
  url?: string;
  @ApiPropertyOptional({ description: 'Button text for humans' })
  label?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Only on `wait`: seconds to wait before retrying' })
  seconds?: number;
}

export class ErrorUsageSchema {
  @ApiProperty() plan: string;
  @ApiProperty({ type: 'integer' }) uploads_used: number;
  @ApiProperty({ type: 'integer' }) uploads_limit: number;
  @ApiPropertyOptional({ type: 'integer' }) storage_used_bytes?: number;
  @ApiPropertyOptional({ type: 'integer' }) storage_limit_bytes?: number;
}

/** The one error shape of the Error Reference, for every error response of every operation. */
export class ErrorBodySchema {
  @ApiProperty({ enum: Object.keys(ERROR_CATALOGUE), description: 'Machine-readable code' })
  error: string;
  @ApiProperty({ description: 'Human-readable explanation' })
  message: string;
  @ApiPropertyOptional({ type: ErrorActionSchema, description: 'What to do next (only on some errors)' })
  action?: ErrorActionSchema;
  @ApiPropertyOptional({ type: ErrorUsageSchema, description: 'On quota_exceeded' })
  usage?: ErrorUsageSchema;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'On validation_error: field → messages',
  })
  errors?: Record<string, string[]>;
  @ApiPropertyOptional({ type: 'integer', description: 'On anonymous rate_limited: seconds until the limit resets' })
  retry_after?: number;
}

export const ERROR_CODES_EXTENSION = 'x-error-codes';

/**
 * The documented errors of an operation. The document builder turns them into responses grouped by
 * HTTP status, each with examples made by the service's own builders under the running config;
 * `internal_error` is added to every operation.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return ApiExtension(ERROR_CODES_EXTENSION, [...new Set<ErrorCode>([...codes, 'internal_error'])]);
}
