import PostsTable from "@/islands/PostsTable.tsx";
import type { PostsTableProps } from "@/islands/PostsTable.tsx";
import { listPosts } from "@/lib/posting/post_list.ts";
import { postJson } from "@/lib/http/post_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";

/** What the page renders is what the island takes: one shape, not two. */
type PostsData = PostsTableProps;

export const handler: Handlers = planPageHandler(
  async (account, deps): Promise<PostsData> => ({
    posts: (await listPosts(deps, account.openId, 50)).map(postJson),
    // Kept on the account from creator_info, which is cached for minutes
    // only (docs/posting.md#posts-page).
    username: account.tiktokUsername || null,
    refreshMs: deps.timing.listRefreshMs,
  }),
);

/** The account's posts and their fate at TikTok (docs/posting.md#posts-page). */
export default function Posts({ data }: PageProps<PostsData>) {
  return (
    <main class="wide">
      <h1>Posts</h1>
      <PostsTable {...data} />
    </main>
  );
}
