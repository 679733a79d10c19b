/**
 * For islands: lists that keep themselves fresh while something in them is
 * still moving (a pending post, a scheduled job), as the dashboard's lists
 * do (docs/dashboard.md).
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { callApi } from "./api_client.ts";
import { reportFailure } from "./report_failure.ts";
import type { PostJson, PostListResponse } from "../lib/http/api_responses.ts";

/**
 * Calls `reload` every `everyMs` while `active` holds; a failed reload is
 * reported as `failure` ("refreshing the posts") and the next one tried.
 */
export function useRefreshWhile(
  active: boolean,
  everyMs: number,
  reload: () => Promise<void>,
  failure: string,
): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(
      () => reload().catch(reportFailure(failure)),
      everyMs,
    );
    return () => clearInterval(timer);
  }, [active]);
}

/**
 * The account's posts from `GET /api/tiktok/posts`, starting from those the
 * page was rendered with, refreshed while any is pending.
 */
export function useLivePosts(
  initial: PostJson[],
  refreshMs: number,
): { posts: PostJson[]; reload: () => Promise<void> } {
  const [posts, setPosts] = useState<PostJson[]>(initial);
  async function reload() {
    const res = await callApi<PostListResponse>("GET", "/api/tiktok/posts");
    setPosts(res.posts);
  }
  useRefreshWhile(
    posts.some((p) => p.state === "pending"),
    refreshMs,
    reload,
    "refreshing the posts",
  );
  return { posts, reload };
}
