import { RestartPolicy, RestartPolicySettings } from './restart-policy';

const SETTINGS: RestartPolicySettings = { maxExits: 5, windowMs: 60_000, backoffMs: 1000, maxBackoffMs: 30_000 };

function policyWithClock(settings = SETTINGS) {
  let now = 1_000_000;
  const policy = new RestartPolicy(settings, () => now);
  return { policy, advance: (ms: number) => (now += ms) };
}

describe('RestartPolicy', () => {
  it('restarts after 1 s, then doubles the wait for each further exit within the window', () => {
    const { policy, advance } = policyWithClock();
    const delays = [];
    for (let i = 0; i < 4; i++) {
      const decision = policy.onExit();
      expect(decision.action).toBe('restart');
      delays.push(decision.action === 'restart' ? decision.delayMs : -1);
      advance(1000);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });

  it('gives up at the fifth exit within 60 s', () => {
    const { policy, advance } = policyWithClock();
    for (let i = 0; i < 4; i++) {
      expect(policy.onExit().action).toBe('restart');
      advance(14_000);
    }
    expect(policy.onExit()).toEqual({ action: 'give-up', recentExits: 5 });
  });

  it('forgets exits older than the window, so a process that ran a while starts from the shortest wait', () => {
    const { policy, advance } = policyWithClock();
    for (let i = 0; i < 4; i++) policy.onExit();
    advance(60_000);
    expect(policy.onExit()).toEqual({ action: 'restart', delayMs: 1000, recentExits: 1 });
  });

  it('never gives up on exits spread wider than the window', () => {
    const { policy, advance } = policyWithClock();
    for (let i = 0; i < 20; i++) {
      expect(policy.onExit().action).toBe('restart');
      advance(15_001);
    }
  });

  it('caps the wait at the maximum backoff', () => {
    const { policy } = policyWithClock({ maxExits: 10, windowMs: 60_000, backoffMs: 1000, maxBackoffMs: 30_000 });
    const delays = Array.from({ length: 9 }, () => {
      const decision = policy.onExit();
      return decision.action === 'restart' ? decision.delayMs : -1;
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });
});
