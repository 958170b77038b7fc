import type { TestService } from './test-service';

/** How many times a worker started this variant's job (its log says so once per render). */
export function rendersOf(service: TestService, jobId: string): number {
  const lines = service.workers.flatMap((worker) => worker.output().split('\n'));
  return lines.filter((line) => line.includes('"job started"') && line.includes('"queue":"variant"') && line.includes(`"jobId":"${jobId}"`)).length;
}
