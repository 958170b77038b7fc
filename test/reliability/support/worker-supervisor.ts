import type { WorkerProcess } from '../../harness/worker-process';
import { waitUntil } from '../../harness/eventually';

/** What an orchestrator does for workers: keeps `size` of them running, starting a new one when one dies. */
export class WorkerSupervisor {
  readonly live: WorkerProcess[] = [];
  restarts = 0;
  private stopping = false;

  constructor(
    private readonly start: () => Promise<WorkerProcess>,
    readonly size: number,
  ) {}

  async fill(): Promise<void> {
    await Promise.all(Array.from({ length: this.size - this.live.length }, () => this.startOne()));
  }

  /** Resolves once `size` workers are ready again, false after `timeoutMs`. */
  backToSize(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => this.live.length === this.size, timeoutMs);
  }

  /** Stops watching: workers that exit from now on are not replaced. */
  release(): void {
    this.stopping = true;
  }

  private async startOne(): Promise<void> {
    const worker = await this.start();
    this.live.push(worker);
    worker.process.once('exit', () => {
      this.live.splice(this.live.indexOf(worker), 1);
      if (this.stopping) return;
      this.restarts++;
      // A replacement that fails to start leaves the count short, which backToSize reports.
      void this.startOne().catch(() => undefined);
    });
  }
}
