import type { AppShellProps } from "@/lib/http/app_types.ts";

/** The HTML shell around every page. */
export default function App(props: AppShellProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title ?? "PM3K: post to TikTok from automation"}</title>
        <link rel="stylesheet" href="/static/styles.css" />
      </head>
      <body>
        {props.sandbox && (
          <div class="sandbox-banner" role="note">
            Sandbox: TikTok is simulated on this server. Nothing is posted to
            the real TikTok.
          </div>
        )}
        <header class="top">
          <a href="/" class="brand">PM3K</a>
          {props.account
            ? (
              <nav>
                <a href="/docs">API docs</a>
                <a href="/dashboard">Dashboard</a>
                <form method="post" action="/auth/logout" class="inline">
                  <button type="submit" class="link">Sign out</button>
                </form>
              </nav>
            )
            : (
              <nav>
                <a href="/docs">API docs</a>
                <a href="/auth/login">Sign in with TikTok</a>
              </nav>
            )}
        </header>
        {props.children}
      </body>
    </html>
  );
}
