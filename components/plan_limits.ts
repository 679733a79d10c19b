import type { Plan } from "../lib/plans.ts";
import { spokenDuration } from "../lib/site/spoken_duration.ts";
import { HOUR_MS } from "../lib/time_units.ts";

/** A plan's limits as short sentences (plan choice and settings). */
export function limitsOf(plan: Plan): string[] {
  return [
    `API key valid ${plan.apiKeyLifetimeDays} days`,
    `files kept ${spokenDuration(plan.storageTtlHours * HOUR_MS)}`,
    `files up to ${plan.maxFileBytes / 1_000_000} MB`,
    `${plan.uploadsPerDay} uploads/day`,
  ];
}
