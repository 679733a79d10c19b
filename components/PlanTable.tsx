/**
 * The plans side by side (docs/accounts.md#plans), from the one plan
 * table (lib/plans.ts): on the start page and in the guide.
 */
import { PLAN_IDS, PLANS } from "../lib/plans.ts";
import { HOUR_MS } from "../lib/time_units.ts";
import { spokenDuration } from "../lib/site/spoken_duration.ts";

export function PlanTable() {
  return (
    <table data-testid="plan-table">
      <thead>
        <tr>
          <th scope="col">Plan</th>
          <th scope="col">API key valid</th>
          <th scope="col">Files kept</th>
          <th scope="col">Largest file</th>
          <th scope="col">Uploads a day</th>
        </tr>
      </thead>
      <tbody>
        {PLAN_IDS.map((id) => (
          <tr key={id}>
            <td>{PLANS[id].name}</td>
            <td>{PLANS[id].apiKeyLifetimeDays} days</td>
            <td>{spokenDuration(PLANS[id].storageTtlHours * HOUR_MS)}</td>
            <td>{PLANS[id].maxFileBytes / 1_000_000} MB</td>
            <td>{PLANS[id].uploadsPerDay}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
