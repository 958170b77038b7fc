import { JobOutcomeWaiter } from '../../apps/gateway/src/media/job-outcome-waiter.service';
import type { TestService } from './test-service';

/**
 * The in-process gateway checks a waiting job's state every `ms` instead of every second: an outcome
 * that arrives sooner than that came by the worker's outcome message.
 */
export function slowStateChecks(service: TestService, ms: number): void {
  service.app.get(JobOutcomeWaiter)['stateCheckIntervalMs'] = ms;
}
