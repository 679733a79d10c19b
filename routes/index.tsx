import type { PageProps } from "@/lib/http/app_types.ts";

/** The start page: what PM3K does and the sign-in button. No islands. */
export default function Home(props: PageProps) {
  return (
    <main class="narrow">
      <h1>Post to TikTok from your automations</h1>
      <p>
        PM3K connects n8n, Make, Zapier or your own scripts to TikTok: sign in
        with TikTok, pick a plan, issue an API key, then call{" "}
        <code>POST /api/tiktok/direct_post</code>.
      </p>
      {props.account
        ? (
          <p>
            <a class="button" href="/dashboard">Open your dashboard</a>
          </p>
        )
        : (
          <p>
            <a class="button" href="/auth/login" data-testid="sign-in">
              Sign in with TikTok
            </a>
          </p>
        )}
    </main>
  );
}
