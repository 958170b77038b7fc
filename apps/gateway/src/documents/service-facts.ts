import { ANONYMOUS_RETENTION_DAYS, AppConfig, PLANS, UNVERIFIED_RETENTION_DAYS } from '@app/config';
import { formatMegabyteLimit } from '@app/errors';
import { FORMAT_INFO, OUTPUT_EXTENSIONS, SERVED_AS_STORED, SHORT_EDGE, SOCIAL_SIZE } from '@app/formats';

/** Numbers the documents state, read from the config and tables the service itself enforces. */
export function serviceFacts(config: AppConfig) {
  const limits = config.rateLimits;
  return {
    api: `${config.apiBaseUrl}/v1`,
    web: config.webBaseUrl,
    src: config.srcBaseUrl,
    quickStart: `${config.webBaseUrl}/api/quick-start`,
    anonymousMaxMb: formatMegabyteLimit(config.anonymousMaxBytes),
    keyedMaxMb: formatMegabyteLimit(config.keyedMaxBytes),
    svgMaxMb: formatMegabyteLimit(config.svgMaxBytes),
    anonymousHourly: limits.anonymousHourly,
    anonymousDaily: limits.anonymousDaily,
    keysPerEmail: limits.keysPerEmail,
    keysPerIp: limits.keysPerIp,
    keysWindowMinutes: Math.round(limits.keysWindowS / 60),
    perKey: limits.perKey,
    perKeyWindowS: limits.perKeyWindowS,
    importTimeoutS: Math.round(config.importTimeoutMs / 1000),
    anonymousRetentionDays: ANONYMOUS_RETENTION_DAYS,
    unverifiedRetentionDays: UNVERIFIED_RETENTION_DAYS,
    plans: Object.values(PLANS),
    sizes: [
      ...Object.entries(SHORT_EDGE).map(([size, edge]) => ({ size, text: `short edge ${edge} px (never upscaled)` })),
      { size: 'o', text: 'the original dimensions' },
      { size: 'social', text: `${SOCIAL_SIZE.width}×${SOCIAL_SIZE.height}, padded (for social cards)` },
    ],
    outputExtensions: OUTPUT_EXTENSIONS,
    servedAsStored: SERVED_AS_STORED.map((format) => FORMAT_INFO[format].ext),
  };
}

export type ServiceFacts = ReturnType<typeof serviceFacts>;
