import type { Plan } from "../lib/plans.ts";

/** A plan's limits as short sentences (plan choice and settings). */
export function limitsOf(plan: Plan): string[] {
  return [
    `API key valid ${plan.apiKeyLifetimeDays} days`,
    `files kept ${
      plan.storageTtlHours >= 48 && plan.storageTtlHours % 24 === 0
        ? `${plan.storageTtlHours / 24} days`
        : `${plan.storageTtlHours} h`
    }`,
    `files up to ${plan.maxFileBytes / 1_000_000} MB`,
    `${plan.uploadsPerDay} uploads/day`,
  ];
}
