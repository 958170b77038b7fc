import { ANONYMOUS_RETENTION_DAYS, AppConfig, PLANS, UNVERIFIED_RETENTION_DAYS } from '@app/config';
import { formatMegabyteLimit } from '@app/errors';
import { FORMAT_INFO, OUTPUT_EXTENSIONS, SERVED_AS_STORED, SHORT_EDGE, SOCIAL_SIZE } from '@app/formats';
import { DELIVERIES_KEPT, MAX_WEBHOOKS_PER_ACCOUNT, WEBHOOK_EVENTS } from '@app/webhooks';

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
    webhookEvents: WEBHOOK_EVENTS,
    maxWebhooks: MAX_WEBHOOKS_PER_ACCOUNT,
    webhookDeliveriesKept: DELIVERIES_KEPT,
    webhookTimeoutS: config.webhooks.timeoutMs / 1000,
    webhookRetryDelays: config.webhooks.retryDelaysS.map(duration),
  };
}

/** 5 → "5 s", 300 → "5 min", 7200 → "2 h" (the largest unit that divides it). */
function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export type ServiceFacts = ReturnType<typeof serviceFacts>;
