/**
 * What the active account let PM3K do on TikTok's consent screen, in
 * Settings (docs/dashboard.md#settings): a creator may withhold a
 * permission and still sign in, and Compose then just lacks what it
 * opens (drafts), so the page says what was withheld and how to allow
 * it. Rendered by the server, no island.
 * @module
 */
import { SCOPE_USES } from "../lib/tiktok/tiktok_scopes.ts";

export interface TikTokPermissionsProps {
  /** The scopes sign-in asks for (the server's TikTok configuration). */
  asked: readonly string[];
  /** The scopes the account granted. */
  granted: readonly string[];
  /** SERVICE_NAME, as every page names the service. */
  serviceName: string;
}

const uses = (scopes: readonly string[]) =>
  scopes.map((s) => SCOPE_USES[s] ?? s).join(", ");

export function TikTokPermissions(
  { asked, granted, serviceName }: TikTokPermissionsProps,
) {
  const allowed = asked.filter((s) => granted.includes(s));
  const withheld = asked.filter((s) => !granted.includes(s));
  return (
    <p data-testid="tiktok-permissions">
      TikTok lets {serviceName} {uses(allowed)}.
      {withheld.length > 0 && (
        <>
          {" "}
          <strong data-testid="tiktok-permissions-withheld">
            You did not allow it to {uses(withheld)}
            {withheld.includes("video.upload")
              ? ", so Compose offers no drafts"
              : ""}.
          </strong>{" "}
          {/* Keeps the browser's other accounts (docs/accounts.md). */}
          <a href="/auth/login?add=1">Sign in with TikTok again</a>{" "}
          and allow it on TikTok's screen to add it.
        </>
      )}
    </p>
  );
}
