/**
 * Settings' refused-requests card (docs/dashboard.md#settings): what the
 * API refused this account's key in the last 7 days, one row per request
 * and reason, so an automation's failure can be read where its key is.
 * Server-rendered: nothing in it acts; its times are written in the
 * browser's zone by the boot script, as every record's time is, with the
 * zone's name, as the card says they are the reader's. One code covers
 * several problems (`bad_request`): a row lists each of its latest
 * messages, with how often and when last.
 * @module
 */
import { refusalProblems } from "@/lib/activity/api_refusal_record.ts";
import type {
  ApiRefusal,
  RefusalProblem,
} from "@/lib/activity/api_refusal_record.ts";
import { LocalTime } from "./LocalTime.tsx";

export function RefusedRequestsCard(
  { refusals, serviceName }: { refusals: ApiRefusal[]; serviceName: string },
) {
  return (
    <section class="card" data-testid="refused-requests">
      <h2>Refused API requests</h2>
      <p class="muted">
        What {serviceName}{" "}
        refused your API key in the last 7 days, by request and reason, the
        latest first: where an n8n, Make or Zapier run, an agent or a script
        stopped. Messages are word for word as the API answered, each different
        one of a request and reason listed; times are in your time zone, its
        name after each. Give the request id to support to find one. The
        dashboard's own actions are not listed.
      </p>
      {refusals.length === 0
        ? <p data-testid="refused-none">None in the last 7 days.</p>
        : (
          <table class="posts refused">
            <thead>
              <tr>
                <th scope="col">Last</th>
                <th scope="col">Request</th>
                <th scope="col">Reason</th>
                <th scope="col">How often</th>
              </tr>
            </thead>
            <tbody>
              {refusals.map((r) => (
                <tr
                  key={`${r.method} ${r.route} ${r.code}`}
                  data-testid="refused-row"
                >
                  <td>
                    <LocalTime at={new Date(r.lastAt).toISOString()} zone />
                  </td>
                  <td>
                    <code>{r.method} {r.route}</code>
                  </td>
                  <td>
                    <strong>
                      {r.status} <code>{r.code}</code>
                    </strong>
                    <Problems problems={refusalProblems(r)} />
                  </td>
                  <td data-testid="refused-count">
                    {/* Said whole: on a phone it stands on its own line. */}
                    {r.count === 1
                      ? "Refused once"
                      : `Refused ${r.count} times`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}

/** A row's messages: the one, or each different one with its count. */
function Problems({ problems }: { problems: RefusalProblem[] }) {
  if (problems.length === 1) {
    const [p] = problems;
    return (
      <>
        : {p.message}
        <RequestId id={p.requestId} />
      </>
    );
  }
  return (
    <ul class="refused-problems">
      {problems.map((p) => (
        <li key={p.requestId} data-testid="refused-problem">
          {p.message} ({p.count === 1 ? "once" : `${p.count} times`}, last{" "}
          <LocalTime at={new Date(p.lastAt).toISOString()} zone />)
          <RequestId id={p.requestId} />
        </li>
      ))}
    </ul>
  );
}

function RequestId({ id }: { id: string }) {
  return (
    <details class="muted">
      <summary>Request id</summary>
      <code>{id}</code>
    </details>
  );
}
