import { useEffect, useRef, useState } from "preact/hooks";
import {
  browserZone,
  callApi,
  ConfirmAction,
  ErrorRegion,
  errorText,
  JOB_STATE_LABELS,
  kindName,
  localizeTimes,
  localWhen,
  MediaThumb,
  OutdatedListNotice,
  pageWords,
  postCalled,
  postStateLabel,
  quotedCaption,
  reportFailure,
  StatusRegion,
  tellIslands,
  useFocusRescue,
  useIslandEvent,
  useRefreshWhile,
} from "../shared_chunk.ts";
import { byRunTime } from "../job_order.ts";
import type { JobJson, JobListResponse } from "../../lib/http/api_responses.ts";

export interface JobsListProps {
  jobs: JobJson[];
  refreshMs: number;
}

/**
 * Scheduled posts: state, run time in the browser's zone, publish status,
 * Cancel; the next to run first (components/job_order.ts).
 */
export default function JobsList(props: JobsListProps) {
  const [jobs, setJobs] = useState<JobJson[]>(props.jobs);
  const [message, setMessage] = useState("");
  /** What the last action did, announced as the calendar announces it. */
  const [status, setStatus] = useState("");
  /** The job whose cancel waits for a "Yes" (cancelling cannot be undone). */
  // The server does not know the browser's zone: it renders UTC, labelled,
  // and the browser switches to local time once hydrated.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const shown = (iso: string) =>
    mounted ? localWhen(iso) : `${iso.replace("T", " ").slice(0, 16)} UTC`;

  // The jobs last shown, to see which ran since.
  const shownJobs = useRef(jobs);
  shownJobs.current = jobs;

  async function reload() {
    const res = await callApi<JobListResponse>("GET", "/api/jobs?limit=50");
    // A job that ran since made a post: Your posts lists it at once, as it
    // lists a post made from the composer (docs/dashboard.md#scheduling).
    const before = new Map(shownJobs.current.map((j) => [j.job_id, j]));
    const ran = res.jobs.some((j) =>
      j.publish_id !== null && before.has(j.job_id) &&
      before.get(j.job_id)!.publish_id === null
    );
    setJobs(res.jobs);
    if (ran) tellIslands("pm3k:posted");
    // Each job that ran since, sent or failed: the upload card follows the
    // scheduled post of its video (docs/dashboard.md#freshness).
    for (const j of res.jobs) {
      const was = before.get(j.job_id)?.state;
      if (
        (was === "scheduled" || was === "publishing") &&
        (j.state === "posted" || j.state === "failed")
      ) {
        tellIslands("pm3k:job-ran", {
          jobId: j.job_id,
          publishId: j.publish_id,
          error: j.error ? localizeTimes(j.error.message) : null,
        });
      }
    }
  }

  useIslandEvent(
    "pm3k:scheduled",
    () => reload().catch(reportFailure("reloading the scheduled posts")),
  );

  const active = jobs.some((j) =>
    j.state === "scheduled" || j.state === "publishing" ||
    j.publish_status?.state === "pending"
  );
  const outdated = useRefreshWhile(
    active,
    props.refreshMs,
    reload,
    "refreshing the scheduled posts",
  );

  // A cancelled post's row loses its Cancel button, and focus with it.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const rescueFocus = useFocusRescue();

  async function cancel(job: JobJson) {
    setMessage("");
    setStatus("");
    try {
      await callApi("DELETE", `/api/jobs/${job.job_id}`);
      // A post with no caption by its kind and time, as its Cancel names
      // it: "the post" alone does not say which went.
      setStatus(
        `Cancelled ${
          postCalled(
            job.title,
            `${kindName(job.media_type === "PHOTO")}, ${shown(job.run_at)}`,
          )
        }.`,
      );
      tellIslands("pm3k:cancelled");
      await reload();
      rescueFocus(() => statusRef.current);
    } catch (error) {
      setMessage(errorText(error));
      // Refused because the post moved on (cancelled or sent elsewhere):
      // the list shows where it is now.
      reload().catch(reportFailure("reloading the scheduled posts"));
    }
  }

  // The card and its heading are the page's (routes/dashboard/index.tsx):
  // no dashboard JavaScript for them (docs/dashboard.md#budget).
  return (
    <>
      {
        /* Always there, so a success is announced: a screen reader speaks
          a change only in a region it already knew (docs/dashboard.md). */
      }
      <StatusRegion testId="jobs-status" regionRef={statusRef}>
        {status}
      </StatusRegion>
      <ErrorRegion message={message} />
      <OutdatedListNotice shown={outdated} />
      {jobs.length === 0
        ? <p class="muted">Nothing scheduled.</p>
        : (
          <table class="posts">
            <thead>
              <tr>
                <th>Runs at ({mounted ? browserZone() : "UTC"})</th>
                <th>Caption</th>
                <th>State</th>
                <th>TikTok</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {byRunTime(jobs).map((j) => (
                <tr key={j.job_id} data-job-id={j.job_id} data-state={j.state}>
                  <td>
                    <time dateTime={j.run_at}>
                      {shown(j.run_at)}
                    </time>
                  </td>
                  <td>
                    {
                      /* The picture a creator knows the post by, as the
                        posts page shows it; a post with no caption is
                        named by its kind too. */
                    }
                    <span class="job-post">
                      <MediaThumb
                        src={j.source_url ?? j.photo_images?.[0]}
                        photo={j.media_type === "PHOTO"}
                        small
                      />
                      {j.title
                        ? <span class="clip-lines">{j.title}</span>
                        : <span class="muted">No caption</span>}
                    </span>
                  </td>
                  <td class={`state-${j.state}`} data-testid="job-state">
                    {JOB_STATE_LABELS[j.state]}
                    {j.error && (
                      <span class="error-message">
                        : {localizeTimes(j.error.message)}
                      </span>
                    )}
                  </td>
                  <td>
                    {
                      /* In words, not TikTok's codes: the state's label,
                        and a failure as the API's fail_message says it. */
                    }
                    {j.publish_status && (
                      <span data-testid="job-tiktok">
                        {postStateLabel({
                          state: j.publish_status.state,
                          post_mode: j.post_mode,
                        })}
                        {j.publish_status.fail_message && (
                          <span class="error-message">
                            : {j.publish_status.fail_message}
                          </span>
                        )}
                      </span>
                    )}
                  </td>
                  <td>
                    {j.state === "scheduled" && (
                      <ConfirmAction
                        label="Cancel"
                        what={`${
                          quotedCaption(j.title) ??
                            kindName(j.media_type === "PHOTO")
                        }, ${shown(j.run_at)}`}
                        question={pageWords().cards.cancelScheduledAsk}
                        confirmLabel="Yes, cancel it"
                        onConfirm={() => cancel(j)}
                        testId="job-cancel"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      {jobs.some((j) => j.state === "scheduled") && (
        // Only Cancel is here: say where a time or caption is changed. The
        // link opens the next scheduled post's week, which today's may not
        // hold (a Sunday seen on a Saturday where weeks start on Sunday);
        // the server finds it, beyond this list's first 50 too.
        <p class="muted" data-testid="jobs-edit-hint">
          {pageWords().cards.jobsEditHint}
          <a href="/dashboard/calendar?show=next">Calendar</a>.
        </p>
      )}
    </>
  );
}
