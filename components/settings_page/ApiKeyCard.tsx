import { useRef, useState } from "preact/hooks";
import {
  callApi,
  ErrorRegion,
  errorText,
  keepOnEscape,
  LocalTime,
  pageWords,
  useConfirmFocus,
  useFocusRescue,
} from "../shared_chunk.ts";

export interface ApiKeyCardProps {
  hasKey: boolean;
  /** ISO time the current key expires, or null. */
  expiresAt: string | null;
}

type Status = "idle" | "working" | "copied" | "error";

/** Issue / Regenerate the API key; the new key is shown once, with Copy. */
export default function ApiKeyCard(props: ApiKeyCardProps) {
  const [hasKey, setHasKey] = useState(props.hasKey);
  const [expiresAt, setExpiresAt] = useState(props.expiresAt);
  const [freshKey, setFreshKey] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>("idle");
  const [message, setMessage] = useState("");
  /** Regenerating revokes the current key: asked once more first. */
  const [confirming, setConfirming] = useState(false);
  // The question takes focus on its safe answer, and gives it back.
  const { trigger: issueButton, safe: keepButton } = useConfirmFocus(
    confirming,
  );
  // The button is disabled while the key is made: the new key's field,
  // selected to copy, takes focus then.
  const keyField = useRef<HTMLInputElement>(null);
  const rescueFocus = useFocusRescue();

  async function issue() {
    setConfirming(false);
    setStatus("working");
    setMessage("");
    try {
      // callApi names this page's account (a page of another one is refused).
      const body = await callApi<{ api_key: string; expires_at: string }>(
        "POST",
        "/dashboard/api_key",
      );
      setFreshKey(body.api_key);
      setExpiresAt(body.expires_at);
      setHasKey(true);
      setStatus("idle");
      rescueFocus(() => keyField.current, { preferTarget: true });
    } catch (error) {
      setStatus("error");
      setMessage(errorText(error));
      rescueFocus(() => issueButton.current);
    }
  }

  async function copy() {
    if (!freshKey) return;
    try {
      await navigator.clipboard.writeText(freshKey);
      setStatus("copied");
    } catch {
      setStatus("error");
      setMessage(pageWords().cards.copyFailed);
    }
  }

  // The card, its heading and how a key is sent are the page's
  // (routes/dashboard/settings.tsx): no dashboard JavaScript for them.
  return (
    <>
      {hasKey && expiresAt && (
        <p data-testid="key-expiry">
          Current key expires <LocalTime at={expiresAt} zone />.
        </p>
      )}
      {
        /* Always there, so the new key's arrival is announced, as the
          composer's post-result (docs/dashboard.md). */
      }
      <div aria-live="polite" data-testid="api-key-result">
        {freshKey && (
          <div class="fresh-key">
            <p id="api-key-note">
              <strong>{pageWords().cards.keyOnce}</strong>
            </p>
            <label for="api-key-value">{pageWords().cards.newKey}</label>
            <input
              id="api-key-value"
              type="text"
              readOnly
              value={freshKey}
              ref={keyField}
              aria-describedby="api-key-note"
              data-testid="api-key-value"
              onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
            />
            <button type="button" onClick={copy} data-testid="copy-key">
              {status === "copied" ? "Copied" : "Copy"}
            </button>
          </div>
        )}
      </div>
      {confirming
        ? (
          <div
            role="alertdialog"
            aria-labelledby="regen-q"
            class="stop"
            onKeyDown={keepOnEscape(() => setConfirming(false))}
          >
            <p id="regen-q">{pageWords().confirmRegenerate}</p>
            <button
              type="button"
              onClick={issue}
              data-testid="confirm-regenerate"
            >
              Yes, regenerate
            </button>{" "}
            <button
              type="button"
              class="secondary"
              ref={keepButton}
              onClick={() => setConfirming(false)}
              data-testid="cancel-regenerate"
            >
              {pageWords().cards.keepKey}
            </button>
          </div>
        )
        : (
          <p class="actions">
            <button
              type="button"
              ref={issueButton}
              onClick={() => hasKey ? setConfirming(true) : issue()}
              disabled={status === "working"}
              data-testid="issue-key"
            >
              {hasKey ? "Regenerate key" : "Issue key"}
            </button>
            {hasKey && (
              <span class="muted">
                {pageWords().cards.regenerateNote}
              </span>
            )}
          </p>
        )}
      {
        /* The alert is its own live region (docs/dashboard.md#accessibility-and-themes). */
      }
      <ErrorRegion message={status === "error" ? message : ""} />
    </>
  );
}
