import CalendarView from "@/islands/CalendarView.tsx";
import type { CalendarViewProps } from "@/islands/CalendarView.tsx";
import { findOwnJob, listJobs } from "@/lib/jobs/jobs.ts";
import { jobJson } from "@/lib/http/job_json.ts";
import { postPage } from "@/lib/posting/post_list.ts";
import { postJson } from "@/lib/http/post_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import { composeSettings } from "@/lib/http/compose_settings.ts";
import { isUlid } from "@/lib/ulid_ids.ts";
import { nextScheduled } from "@/lib/jobs/scheduled_media.ts";

/** What the island takes (docs/scheduling.md#calendar-page). */
type CalendarData = CalendarViewProps;

export const handler: Handlers = planPageHandler(
  async (account, deps, c): Promise<CalendarData> => {
    // Opened from a link to a job (the media page's "Scheduled for …"):
    // its week is shown first. Another account's or an unknown job: today.
    // `?show=next`: the next scheduled post's week (the compose page's
    // Scheduled posts link here, whose list may not hold the soonest).
    const asked = c.req.query("job") ?? "";
    const showNext = c.req.query("show") === "next";
    // Independent reads, made at once. A job id is a ULID; anything else
    // names no job. The lists' first pages: the island reads on as far as
    // the range it shows needs (docs/scheduling.md#calendar-page).
    const [linked, jobs, posts, next] = await Promise.all([
      isUlid(asked) ? findOwnJob(deps, account.openId, asked) : null,
      listJobs(deps, account.openId, { limit: 100 }),
      postPage(deps, account.openId, { limit: 100 }),
      nextScheduled(deps, account.openId),
    ]);
    return {
      next: next && { id: next.jobId, at: next.at },
      jobs: jobs.jobs.map((j) => jobJson(j)),
      jobsCursor: jobs.cursor,
      posts: posts.posts.map((p) => postJson(p)),
      postsCursor: posts.cursor,
      now: new Date(deps.clock.now()).toISOString(),
      show: linked
        ? new Date(linked.runAt).toISOString()
        : showNext && next
        ? new Date(next.at).toISOString()
        : undefined,
      extraStopWords: composeSettings(deps, account).extraStopWords,
    };
  },
);

/** Scheduled and published posts by week or month (docs/scheduling.md#calendar-page). */
export default function Calendar({ data }: PageProps<CalendarData>) {
  return (
    <main class="wide">
      <h1>Calendar</h1>
      {
        /* The island places posts in the browser's zone; the server,
          which does not know it, places none (docs/dashboard.md#times). */
      }
      <noscript>
        <p class="muted">
          The calendar places posts in your time zone with JavaScript, which is
          off in this browser: <a href="/dashboard">Compose</a>{" "}
          lists the scheduled posts, <a href="/dashboard/posts">Posts</a>{" "}
          the posts made.
        </p>
      </noscript>
      <CalendarView {...data} />
      {
        /* The marks of a phone's month in words (styles.css shows this
          there only). Screen readers hear each state beside its time,
          not the marks: hidden from them. */
      }
      <p class="muted calendar-legend" aria-hidden="true">
        ✓ published · ✕ failed · ○ scheduled · … sending or processing · ?
        outcome unknown
      </p>
    </main>
  );
}
