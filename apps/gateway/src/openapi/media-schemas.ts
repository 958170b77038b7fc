import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UpgradeHintSchema {
  @ApiProperty({ enum: ['register'] }) type: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty() message: string;
  @ApiProperty() label: string;
}

export class MediaSchema {
  @ApiProperty({ pattern: '^[a-z0-9]{8}$', example: 'ab12cd34' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uri', description: 'Viewer page (WEB_BASE_URL/{id})' }) url: string;
  @ApiProperty({ format: 'uri', description: 'The image (SRC_BASE_URL/{seg}/{id}.{ext}); other extensions and ?size= give variants' }) src: string;
  @ApiProperty({ type: 'integer', nullable: true }) width: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) height: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Bytes' }) filesize: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'png' }) format: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, nullable: true }) namespace: string | null;
  @ApiProperty() public: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Unix seconds; null when permanent' }) expires_at: number | null;
  @ApiProperty({ type: 'integer', description: 'Unix seconds' }) created_at: number;
  @ApiPropertyOptional({ enum: ['processing'], description: 'Only while the image is still being processed (202)' }) status?: string;
  @ApiPropertyOptional({ type: UpgradeHintSchema, description: 'Anonymous uploads only' }) upgrade?: UpgradeHintSchema;
}

export class PaginationSchema {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' }) next_cursor: string | null;
  @ApiProperty() has_more: boolean;
}

export class MediaListSchema {
  @ApiProperty({ type: [MediaSchema] }) data: MediaSchema[];
  @ApiProperty({ type: PaginationSchema }) pagination: PaginationSchema;
}

export class BatchItemErrorSchema {
  @ApiProperty() id: string;
  @ApiProperty() error: string;
  @ApiProperty() message: string;
}

export class BatchUpdateSchema {
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: [String] }) ids: string[];
  @ApiProperty({ type: [BatchItemErrorSchema] }) errors: BatchItemErrorSchema[];
}

export class BatchDeleteSchema {
  @ApiProperty({ type: 'integer' }) deleted: number;
  @ApiProperty({ type: [String] }) ids: string[];
  @ApiProperty({ type: [BatchItemErrorSchema] }) errors: BatchItemErrorSchema[];
}

export class DeletedMediaSchema {
  @ApiProperty({ enum: [true] }) success: boolean;
  @ApiProperty() id: string;
}

const MEDIA_FIELDS_NOTE = 'Ignored for anonymous callers: tags, namespace, public (always true).';

/** Fields shared by upload (multipart) and import (JSON). */
export class MediaFieldsSchema {
  @ApiPropertyOptional({ description: `Comma list, at most 10 tags of ≤50 chars; trimmed, lowercased, de-duplicated. ${MEDIA_FIELDS_NOTE}` }) tags?: string;
  @ApiPropertyOptional({ pattern: '^[a-z0-9-]{2,64}$' }) namespace?: string;
  @ApiPropertyOptional({ enum: ['true', 'false', '1', '0'], default: 'true' }) public?: string;
  @ApiPropertyOptional({ description: 'Seconds (≥300) or 5m…90d' }) ttl?: string;
  @ApiPropertyOptional({ description: 'Overrides the file name' }) name?: string;
  @ApiPropertyOptional({ description: 'ISO date or date-time' }) date?: string;
  @ApiPropertyOptional() description?: string;
}

export class UploadBodySchema extends MediaFieldsSchema {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, GIF, WebP, AVIF, HEIC/HEIF, SVG, BMP or ICO' }) file: unknown;
}

export class ImportBodySchema extends MediaFieldsSchema {
  @ApiProperty({ format: 'uri', description: 'Absolute http(s) URL of a public image' }) url: string;
}

export class MediaPatchSchema {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ type: [String] }) tags?: string[];
  @ApiPropertyOptional({ enum: ['replace', 'add', 'remove'], default: 'replace' }) tag_mode?: string;
  @ApiPropertyOptional() public?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' }) namespace?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) date?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) description?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Seconds or 5m…90d; null = permanent (verified accounts only)' }) ttl?: string | null;
}
