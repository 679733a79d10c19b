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
 * next one tried.
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
): boolean {
  const [outdated, setOutdated] = useState(false);
  useEffect(() => {
    if (!active || outdated) return;
    // The next reload is timed from the end of the last, so a slow answer
    // never has several in flight.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        await reload();
      } catch (error) {
        if (
          error instanceof ApiCallError && error.code === "account_switched"
        ) {
          setOutdated(true);
          return;
        }
        reportFailure(failure)(error);
      }
      if (!stopped) timer = setTimeout(tick, everyMs);
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
 * The account's posts from `GET /api/tiktok/posts`, starting from those the
 * page was rendered with, refreshed while any is pending; `outdated` as
 * {@link useRefreshWhile} returns it.
 */
export function useLivePosts(
  initial: PostJson[],
  refreshMs: number,
): { posts: PostJson[]; reload: () => Promise<void>; outdated: boolean } {
  const [posts, setPosts] = useState<PostJson[]>(initial);
  async function reload() {
    const res = await callApi<PostListResponse>("GET", "/api/tiktok/posts");
    setPosts(res.posts);
  }
  const outdated = useRefreshWhile(
    posts.some((p) => p.state === "pending"),
    refreshMs,
    reload,
    "refreshing the posts",
  );
  return { posts, reload, outdated };
}
