import { ChildProcess } from 'child_process';
import { RestartPolicy, RestartPolicySettings } from './restart-policy';

export interface SupervisedApp {
  /** How messages name it: "gateway", "worker 0", "redis-server". */
  label: string;
  /** Starts a fresh process of it (the first one too, unless `start` is given one already running). */
  spawn(): ChildProcess;
}

export interface SupervisorEvents {
  log(level: 'info' | 'warn', message: string): void;
  /** One app exits too often to be worth restarting; the supervisor has restarted nothing since. */
  crashLoop(message: string): void;
}

interface Slot {
  app: SupervisedApp;
  policy: RestartPolicy;
  child?: ChildProcess;
  restartTimer?: NodeJS.Timeout;
}

// An app drains within its SHUTDOWN_TIMEOUT_MS and its own watchdog ends it 10 s later; past that, it is stuck.
const STOP_MARGIN_MS = 15_000;

/** Runs the apps as child processes and restarts one that exits unless it is stopping or crash-looping. */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private stopping = false;

  constructor(
    private readonly settings: RestartPolicySettings,
    private readonly events: SupervisorEvents,
    private readonly shutdownTimeoutMs: number,
  ) {}

  /** Supervises `app`, starting it unless its first process (`running`) was started already. */
  start(app: SupervisedApp, running?: ChildProcess): void {
    const slot: Slot = { app, policy: new RestartPolicy(this.settings) };
    this.slots.push(slot);
    this.watch(slot, running ?? app.spawn());
  }

  /** Cancels pending restarts, then asks every running app to stop (SIGTERM, SIGKILL after a grace period). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.restartTimer);
    await Promise.all(this.slots.map((slot) => (slot.child ? stopChild(slot.child, this.shutdownTimeoutMs + STOP_MARGIN_MS) : undefined)));
  }

  private watch(slot: Slot, child: ChildProcess): void {
    slot.restartTimer = undefined;
    slot.child = child;
    let exited = false;
    const onExit = (how: string) => {
      if (exited) return;
      exited = true;
      if (slot.child === child) slot.child = undefined;
      if (!this.stopping) this.restartLater(slot, child.pid, how);
    };
    if (child.exitCode !== null || child.signalCode !== null) onExit(describeExit(child.exitCode, child.signalCode));
    child.once('exit', (code, signal) => onExit(describeExit(code, signal)));
    child.on('error', (error) => {
      this.events.log('warn', `${slot.app.label}: ${error.message}`);
      if (child.pid === undefined) onExit('could not be started'); // no 'exit' follows a failed spawn
    });
    if (child.pid !== undefined) this.events.log('info', `started ${slot.app.label} (pid ${child.pid})`);
  }

  private restartLater(slot: Slot, pid: number | undefined, how: string): void {
    const { label } = slot.app;
    const decision = slot.policy.onExit();
    const window = `${seconds(this.settings.windowMs)} s`;
    if (decision.action === 'give-up') {
      this.events.crashLoop(
        `${label} exited ${decision.recentExits} times within ${window} (last: ${how}): it is crash-looping, ` +
          'so the launcher stops everything instead of restarting it again. Its own output above says why it exits.',
      );
      return;
    }
    this.events.log(
      'warn',
      `${label} (pid ${pid}) exited unexpectedly (${how}); restarting it in ${seconds(decision.delayMs)} s ` +
        `(${decision.recentExits} exit(s) within ${window}; the launcher gives up at ${this.settings.maxExits})`,
    );
    slot.restartTimer = setTimeout(() => this.watch(slot, slot.app.spawn()), decision.delayMs);
  }
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(force), resolve()));
    child.kill('SIGTERM');
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
