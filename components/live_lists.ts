/**
 * For islands: lists that keep themselves fresh while something in them is
 * still moving (a pending post, a scheduled job), as the dashboard's lists
 * do (docs/dashboard.md).
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { ApiCallError, callApi } from "./api_client.ts";
import { reportFailure } from "./report_failure.ts";
import type { PostJson, PostListResponse } from "../lib/http/api_responses.ts";

/**
 * Calls `reload` `everyMs` after the last one ended, while `active` holds;
 * a failed reload is reported as `failure` ("refreshing the posts") and the
 * next one tried. With `onReturn`, also each time the window gets focus
 * back: a creator back from another tab or app sees what happened
 * meanwhile (a scheduled post run, an automation's post), not the list as
 * the page loaded it (docs/dashboard.md#freshness).
 * A reload refused with `account_switched` (the browser now acts for
 * another account, docs/accounts.md#several-tiktok-accounts) stops the
 * refreshing for good: no later one could succeed on this page. Returns
 * whether that happened.
 */
export function useRefreshWhile(
  active: boolean,
  everyMs: number,
  reload: () => Promise<void>,
  failure: string,
  onReturn?: boolean,
): boolean {
  const [outdated, setOutdated] = useState(false);
  /** One reload; false once the browser acts for another account. */
  async function once(): Promise<boolean> {
    try {
      await reload();
    } catch (error) {
      if (
        error instanceof ApiCallError && error.code === "account_switched"
      ) {
        setOutdated(true);
        return false;
      }
      reportFailure(failure)(error);
    }
    return true;
  }
  useEffect(() => {
    if (!onReturn || outdated) return;
    const back = () => void once();
    addEventListener("focus", back);
    return () => removeEventListener("focus", back);
  }, [outdated]);
  useEffect(() => {
    if (!active || outdated) return;
    // The next reload is timed from the end of the last, so a slow answer
    // never has several in flight.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if ((await once()) && !stopped) timer = setTimeout(tick, everyMs);
    };
    timer = setTimeout(tick, everyMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, outdated]);
  return outdated;
}

/**
 * The account's posts from `GET /api/tiktok/posts` (the page below
 * `cursor` when given), starting from those the page was rendered with, refreshed while any is pending and when the
 * window gets focus back; `outdated` as {@link useRefreshWhile} returns it.
 */
export function useLivePosts(
  initial: PostJson[],
  refreshMs: number,
  cursor?: string | null,
): { posts: PostJson[]; reload: () => Promise<void>; outdated: boolean } {
  const [posts, setPosts] = useState<PostJson[]>(initial);
  async function reload() {
    const res = await callApi<PostListResponse>(
      "GET",
      "/api/tiktok/posts" + (cursor ? "?cursor=" + cursor : ""),
    );
    setPosts(res.posts);
  }
  const outdated = useRefreshWhile(
    posts.some((p) => p.state === "pending"),
    refreshMs,
    reload,
    "refreshing the posts",
    true,
  );
  return { posts, reload, outdated };
}
