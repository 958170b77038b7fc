export interface Plan {
  name: string;
  uploadsPerMonth: number;
  storageMb: number;
  priceUsdPerMonth: number;
}

/** Plans are data: a new plan or price is a change here, not in the rules that use them. */
export const PLANS: Readonly<Record<string, Plan>> = Object.freeze({
  free: { name: 'free', uploadsPerMonth: 100, storageMb: 5120, priceUsdPerMonth: 0 },
  pro: { name: 'pro', uploadsPerMonth: 1000, storageMb: 10240, priceUsdPerMonth: 10 },
});

export const UNVERIFIED_RETENTION_DAYS = 30;
export const ANONYMOUS_RETENTION_DAYS = 30;

export function planFor(name: string): Plan {
  return PLANS[name] ?? PLANS.free;
}

export function isPlanName(name: unknown): name is string {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PLANS, name);
}

/** The cheapest plan that costs more than this one; null on the top plan. */
export function nextPlanAfter(name: string): Plan | null {
  const current = planFor(name);
  const above = Object.values(PLANS).filter((plan) => plan.priceUsdPerMonth > current.priceUsdPerMonth);
  return above.sort((a, b) => a.priceUsdPerMonth - b.priceUsdPerMonth)[0] ?? null;
}
