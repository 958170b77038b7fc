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

const FALLBACK_PLAN = PLANS.free;

export function planFor(name: string): Plan {
  return PLANS[name] ?? FALLBACK_PLAN;
}

export function storageLimitBytes(plan: Plan): number {
  return plan.storageMb * 1024 * 1024;
}

/** Every plan's storage limit in bytes, and the limit of a plan not listed (as `planFor` reads it): for checks made in SQL. */
export function storageLimitsByPlan(): { byPlan: Record<string, number>; otherwise: number } {
  const byPlan = Object.fromEntries(Object.values(PLANS).map((plan) => [plan.name, storageLimitBytes(plan)]));
  return { byPlan, otherwise: storageLimitBytes(FALLBACK_PLAN) };
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
