import type { SandboxUser } from "./sandbox_records.ts";

export interface ConsentPageProps {
  /** The authorize query, echoed into hidden fields. */
  query: Record<string, string>;
  scopes: string[];
  users: SandboxUser[];
  problem: string | null;
  /** The app asking, by its name in TikTok's developer portal. */
  appName: string;
}

/**
 * The consent page's one script, inline (the simulator's page, no island):
 * a user name typed unticks the sandbox user ticked, and ticking one clears
 * the name typed, so the form shows the one it signs in as (a typed name is
 * used first, docs/sandbox.md#oauth).
 */
export const CONSENT_SCRIPT =
  `const n=document.querySelector("input[name=username]"),` +
  `u=document.querySelectorAll("input[name=existing_user]");` +
  `n?.addEventListener("input",()=>{if(n.value)for(const r of u)r.checked=false});` +
  `for(const r of u)r.addEventListener("change",()=>{n.value=""});`;

/** The sandbox's stand-in for TikTok's consent screen. */
export default function ConsentPage(props: ConsentPageProps) {
  return (
    <main class="narrow sandbox-consent">
      <p class="sandbox-banner">
        TikTok sandbox: a simulator of TikTok's sign-in, not the real TikTok.
      </p>
      <h1>Authorize {props.appName}</h1>
      {props.problem
        ? <p class="error-message">{props.problem}</p>
        : (
          <form method="post" action="/_sandbox/tiktok/v2/auth/authorize/">
            {Object.entries(props.query).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <p>
              {props.appName}{" "}
              asks for these permissions (tick one to withhold it, as TikTok's
              screen allows):
            </p>
            <ul>
              {props.scopes.map((s) => (
                <li key={s}>
                  {s}{" "}
                  <label class="choice">
                    <input type="checkbox" name="withhold_scope" value={s} />
                    {" "}
                    withhold
                  </label>
                </li>
              ))}
            </ul>
            <fieldset>
              <legend>Sign in as a sandbox user</legend>
              {props.users.map((u, i) => (
                <label class="choice" key={u.openId}>
                  <input
                    type="radio"
                    name="existing_user"
                    value={u.username}
                    checked={i === 0}
                  />{" "}
                  @{u.username} ({u.displayName})
                </label>
              ))}
              <label>
                or type a user name (created if new; used instead of a ticked
                user):{" "}
                <input
                  type="text"
                  name="username"
                  placeholder="e.g. creator_one"
                  autocomplete="off"
                  pattern="@?[A-Za-z0-9._]{1,24}"
                />
              </label>
            </fieldset>
            <p class="actions">
              <button type="submit" name="decision" value="authorize">
                Authorize
              </button>{" "}
              <button
                type="submit"
                name="decision"
                value="deny"
                class="secondary"
              >
                Deny
              </button>
            </p>
          </form>
        )}
    </main>
  );
}
