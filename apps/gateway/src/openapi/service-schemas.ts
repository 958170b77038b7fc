import { ApiProperty } from '@nestjs/swagger';

export class ServiceInfoSchema {
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uri' }) api: string;
  @ApiProperty({ format: 'uri', description: 'Human quick start' }) docs: string;
  @ApiProperty({ format: 'uri' }) quick_start: string;
  @ApiProperty({ format: 'uri' }) openapi: string;
  @ApiProperty({ format: 'uri' }) reference: string;
  @ApiProperty({ format: 'uri' }) llms: string;
  @ApiProperty({ format: 'uri' }) llms_full: string;
  @ApiProperty({ format: 'uri' }) health: string;
}

export class LivenessSchema {
  @ApiProperty({ enum: ['ok'] }) status: string;
}
