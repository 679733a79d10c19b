/**
 * The calendar's jobs and posts (docs/dashboard.md#calendar-posts-and-media):
 * the first pages the server rendered, read on with their cursors as far
 * as the range shown needs, and read again after a refusal. One reading
 * at a time, so no page is read twice.
 * @module
 */
import { useRef, useState } from "preact/hooks";
import { callApi } from "./api_client.ts";
import { errorText } from "./local_times.ts";
import type {
  JobJson,
  JobListResponse,
  JobResponse,
  PostJson,
  PostListResponse,
} from "../lib/http/api_responses.ts";

/**
 * Pages of jobs read after the first, at most. Jobs are listed by when
 * they were made, and one may run up to a year later or be moved, so no
 * page of the list bounds a week: the calendar reads them all, bounded.
 */
const MAX_JOB_PAGES = 20;
/** Pages of posts read for one range, at most (newest first, by when made). */
const MAX_POST_PAGES = 10;

/** A page of one of the API's lists, 100 at a time, from `cursor` on. */
function listPath(list: string, cursor: string | null): string {
  return `/api/${list}?limit=100${
    cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
  }`;
}

/** A first page read again, then the rest read before that it does not hold. */
function newestFirst<T>(page: T[], all: T[], id: (x: T) => string): T[] {
  return [...page, ...all.filter((a) => !page.some((x) => id(x) === id(a)))];
}

/** The first page of each list, as the page rendered it, and its cursor. */
export interface FirstPages {
  /** The first page of `GET /api/jobs`, and where the next one starts. */
  jobs: JobJson[];
  jobsCursor: string | null;
  /** The first page of `GET /api/tiktok/posts`, and its next one's cursor. */
  posts: PostJson[];
  postsCursor: string | null;
}

export interface CalendarLists {
  jobs: JobJson[];
  posts: PostJson[];
  /**
   * Reads on through `GET /api/jobs` and `GET /api/tiktok/posts` with
   * their cursors until the range from `start` is covered: every job, and
   * the posts back to one made before `start` (each bounded); resolves
   * once they are read, or their reading failed (said by `onLoadFailed`).
   */
  cover(start: number): Promise<void>;
  /**
   * Reads the refused post's job again and the newest posts, then calls
   * `then` with the state set, so one render shows both, and with where
   * the refusal goes: the job's entry, or the post it made once run. After
   * a refusal the post may have been cancelled, moved or run elsewhere
   * (another tab, an automation): the calendar then shows it as it is, not
   * as it was when the page loaded.
   */
  reload(id: string, then: (at: string) => void): Promise<void>;
  /**
   * Reads the first page of each list again and puts it in place of what
   * was read of it: back from another tab or app, a post run, moved or
   * cancelled meanwhile shows as it is now. Rejects as the reading did.
   */
  refresh(): Promise<void>;
  /**
   * Puts a job as the API answered it in place of the one read (PATCH and
   * DELETE answer the job as it is now); the rest read stays as it was.
   */
  placeJob(answer: JobResponse): void;
}

/** The lists from `first` on; `onLoadFailed` says why reading on failed. */
export function useCalendarLists(
  first: FirstPages,
  onLoadFailed: (message: string) => void,
): CalendarLists {
  const [jobs, setJobs] = useState(first.jobs);
  const [posts, setPosts] = useState(first.posts);
  /** Where each list reads on (null: read to its end). */
  const more = useRef({
    jobs: first.jobsCursor,
    jobPages: 0,
    posts: first.postsCursor,
    /** When the oldest post read was made. */
    oldest: Date.parse(first.posts.at(-1)?.created_at ?? "9999"),
  });
  const reading = useRef(Promise.resolve());

  function placeJob({ ok: _, ...job }: JobResponse) {
    setJobs((all) => all.map((j) => j.job_id === job.job_id ? job : j));
  }

  function cover(start: number) {
    const m = more.current;
    return reading.current = reading.current.then(async () => {
      const jobsLeft = () => m.jobs && m.jobPages < MAX_JOB_PAGES;
      let postPages = 0;
      const postsLeft = () =>
        m.posts && m.oldest >= start && postPages < MAX_POST_PAGES;
      try {
        while (jobsLeft()) {
          const page = await callApi<JobListResponse>(
            "GET",
            listPath("jobs", m.jobs),
          );
          m.jobs = page.cursor;
          m.jobPages++;
          setJobs((all) => [...all, ...page.jobs]);
        }
        while (postsLeft()) {
          const page = await callApi<PostListResponse>(
            "GET",
            listPath("tiktok/posts", m.posts),
          );
          m.posts = page.cursor;
          postPages++;
          const last = page.posts.at(-1);
          if (last) m.oldest = Date.parse(last.created_at);
          setPosts((all) => [...all, ...page.posts]);
        }
      } catch (e) {
        onLoadFailed(`Loading the calendar failed: ${errorText(e)}`);
      }
    });
  }

  function refresh() {
    const read = reading.current.then(async () => {
      const [{ jobs: j }, { posts: p }] = await Promise.all([
        callApi<JobListResponse>("GET", listPath("jobs", null)),
        callApi<PostListResponse>("GET", listPath("tiktok/posts", null)),
      ]);
      setJobs((all) => newestFirst(j, all, (x) => x.job_id));
      setPosts((all) => newestFirst(p, all, (x) => x.post_id));
    });
    // The readings after this one wait for its end, not its success: its
    // failure is the caller's to say.
    reading.current = read.catch(() => {});
    return read;
  }

  function reload(id: string, then: (at: string) => void) {
    return reading.current = reading.current.then(async () => {
      let at = id;
      try {
        const [job, { posts: newest }] = await Promise.all([
          callApi<JobResponse>("GET", `/api/jobs/${id}`),
          callApi<PostListResponse>("GET", listPath("tiktok/posts", null)),
        ]);
        placeJob(job);
        setPosts((all) => newestFirst(newest, all, (x) => x.post_id));
        // A job run meanwhile is on the calendar as its post.
        at = newest.find((p) => p.job_id === id)?.post_id ?? id;
      } catch {
        // The refusal is said all the same; the entries stay as read.
      }
      then(at);
    });
  }

  return { jobs, posts, cover, refresh, reload, placeJob };
}
