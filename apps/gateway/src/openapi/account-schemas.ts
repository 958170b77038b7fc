import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_KEY_NAME, MAX_KEY_NAME_LENGTH } from '../keys/create-key-input';

/** A key name: some visible character, and no NUL (the rule of create-key-input.ts and operator-input.ts). */
const NOT_BLANK_NO_NUL = '^[^\\u0000]*[^\\u0000\\s][^\\u0000]*$';

export class PlanLimitsSchema {
  @ApiProperty({ type: 'integer' }) uploads: number;
  @ApiProperty({ type: 'integer' }) storage_mb: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Days media are kept; null when permanent' }) retention_days: number | null;
}

export class CreateKeyBodySchema {
  @ApiProperty({ format: 'email' }) email: string;
  @ApiPropertyOptional({ default: DEFAULT_KEY_NAME, maxLength: MAX_KEY_NAME_LENGTH, pattern: NOT_BLANK_NO_NUL, description: 'Not blank, no NUL characters' }) name?: string;
}

export class CreatedKeySchema {
  @ApiProperty({ description: 'Shown once', example: 'img_live_…' }) key: string;
  @ApiProperty({ example: 'key_ab12cd' }) key_id: string;
  @ApiProperty({ enum: ['active', 'pending'] }) status: string;
  @ApiProperty() verified: boolean;
  @ApiProperty({ type: PlanLimitsSchema }) limits: PlanLimitsSchema;
  @ApiProperty() message: string;
}

export class KeySummarySchema {
  @ApiProperty() key_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], enum: ['read', 'write'] }) abilities: string[];
  @ApiProperty({ enum: ['active', 'pending', 'revoked'] }) status: string;
  @ApiProperty({ type: 'integer' }) created_at: number;
  @ApiProperty({ type: 'integer', nullable: true }) last_used_at: number | null;
}

export class KeyListSchema {
  @ApiProperty({ type: [KeySummarySchema] }) data: KeySummarySchema[];
}

export class RevokedKeySchema {
  @ApiProperty({ enum: [true] }) success: boolean;
  @ApiProperty() key_id: string;
}

export class UsageSchema {
  @ApiProperty() plan: string;
  @ApiProperty() verified: boolean;
  @ApiProperty({ type: 'integer' }) uploads_used: number;
  @ApiProperty({ type: 'integer' }) uploads_limit: number;
  @ApiProperty({ type: 'integer', description: 'Bytes of stored originals; counted against storage_limit_bytes' }) storage_used_bytes: number;
  @ApiProperty({ type: 'integer' }) storage_limit_bytes: number;
  @ApiProperty({ type: 'integer', description: 'Bytes of stored delivery variants (a cache anyone can fill by requesting them): reported, never counted against storage_limit_bytes' })
  variant_bytes: number;
  @ApiProperty({ type: 'integer', description: 'Unix seconds: start of the next UTC month' }) resets_at: number;
  @ApiProperty({ type: PlanLimitsSchema }) limits: PlanLimitsSchema;
}

export class AccountViewSchema {
  @ApiProperty() email: string;
  @ApiProperty() verified: boolean;
  @ApiProperty() plan: string;
  @ApiProperty({ enum: ['open', 'closed'] }) agent_policy: string;
  @ApiProperty({ type: UsageSchema }) usage: UsageSchema;
  @ApiProperty({ type: [KeySummarySchema] }) keys: KeySummarySchema[];
}

export class AccountChangesSchema {
  @ApiPropertyOptional() plan?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) agent_policy?: string;
  @ApiPropertyOptional({ enum: [true], description: 'Verification is one-way' }) verified?: boolean;
}

export class OperatorKeyBodySchema {
  @ApiPropertyOptional({ default: DEFAULT_KEY_NAME, maxLength: MAX_KEY_NAME_LENGTH, pattern: NOT_BLANK_NO_NUL, description: 'Not blank, no NUL characters' }) name?: string;
  @ApiPropertyOptional({ type: [String], enum: ['read', 'write'], minItems: 1, default: ['read', 'write'] }) abilities?: string[];
}

export class OperatorKeySchema {
  @ApiProperty() key: string;
  @ApiProperty() key_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], enum: ['read', 'write'] }) abilities: string[];
  @ApiProperty({ enum: ['active'] }) status: string;
}
