/**
 * The plan table (docs/accounts.md#plans). The API's contract elides the
 * numbers; these are ours, kept in this one table. Posting limits are the
 * same on every plan.
 * @module
 */

import type { PlanId } from "./accounts/account_record.ts";

export const PLAN_IDS = [
  "free",
  "monthly",
  "annual",
] as const satisfies readonly PlanId[];
// Compile-time: PLAN_IDS names every PlanId (the check fails otherwise).
const _everyPlanListed: PlanId extends typeof PLAN_IDS[number] ? true : never =
  true;

export interface Plan {
  id: PlanId;
  name: string;
  apiKeyLifetimeDays: number;
  storageTtlHours: number;
  maxFileBytes: number;
  uploadsPerDay: number;
}

const MB = 1_000_000;

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: "free",
    name: "Free",
    apiKeyLifetimeDays: 30,
    storageTtlHours: 48,
    maxFileBytes: 100 * MB,
    uploadsPerDay: 10,
  },
  monthly: {
    id: "monthly",
    name: "Monthly",
    apiKeyLifetimeDays: 180,
    storageTtlHours: 24 * 7,
    maxFileBytes: 200 * MB,
    uploadsPerDay: 100,
  },
  annual: {
    id: "annual",
    name: "Annual",
    apiKeyLifetimeDays: 365,
    storageTtlHours: 24 * 30,
    maxFileBytes: 200 * MB,
    uploadsPerDay: 300,
  },
};

/** Posting limits per TikTok account, identical on every plan. */
export const POSTING_LIMITS = { postsPerDay: 10, postsPerHour: 1 } as const;

/** True when `value` names a plan. */
export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" &&
    (PLAN_IDS as readonly string[]).includes(value);
}

/** The plan for an id. */
export function getPlan(id: PlanId): Plan {
  return PLANS[id];
}

/** How long an API key issued now lives on this plan, in milliseconds. */
export function apiKeyLifetimeMs(id: PlanId): number {
  return PLANS[id].apiKeyLifetimeDays * 24 * 3600_000;
}
