import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { ApiRangeAndConditionalResponses } from './send-object.openapi';

const IMAGE = { content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } };

/** The OpenAPI description of `SRC_BASE_URL/{seg}/{id}.{ext}`. */
export const ApiDelivery = () =>
  applyDecorators(
    ApiTags('delivery'),
    ApiOperation({
      summary: 'The image (SRC_BASE_URL), in the format its extension names and the size ?size= picks',
      description:
        'Extensions jpg/jpeg, png, webp, avif, gif convert; SVG, BMP and ICO are served as stored. Private media only to their owner. ' +
        'A request that would start a new render (the variant is not stored and not being rendered) counts against RATE_LIMIT_RENDERS_PER_IP per ' +
        'RATE_LIMIT_RENDERS_WINDOW_S per client IP (429 rate_limited with a wait action); stored variants are never limited. A render that failed ' +
        "for good answers 500 'Image could not be rendered' at once for 10 minutes.",
    }),
    ApiParam({ name: 'seg', description: 'The first two characters of the id' }),
    ApiParam({ name: 'file', description: '`{id}.{ext}`', example: 'ab12cd34.webp' }),
    ApiQuery({ name: 'size', required: false, schema: { type: 'string', example: 'm' }, description: 's, m, l (short edge 320/640/1080), o (original), social (1200×630); unknown values are ignored' }),
    ApiResponse({ status: 200, description: 'The image, with ETag and an immutable Cache-Control', ...IMAGE }),
    ApiRangeAndConditionalResponses(IMAGE),
    ApiErrors('unauthorized', 'not_found', 'rate_limited'),
  );
