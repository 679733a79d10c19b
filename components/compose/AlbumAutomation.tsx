/**
 * "Use this album from n8n, Make or your scripts"
 * (docs/dashboard.md#compose, docs/media.md#photo-mode): the request for the
 * album as composed, for either endpoint, to copy, and "Upload only (get
 * link)" to keep the album for it.
 * @module
 */
import { LocalTime } from "../LocalTime.tsx";
import { ChoiceTabs } from "../ChoiceTabs.tsx";
import type { AlbumEndpoint } from "./post_requests.ts";
import { pageWords } from "../page_words.ts";

export interface AlbumAutomationProps {
  endpoint: AlbumEndpoint;
  onEndpoint: (endpoint: AlbumEndpoint) => void;
  /** The request, as JSON. */
  json: string;
  /** The JSON was copied. */
  copied: boolean;
  onCopy: () => void;
  /** The album has a photo uploaded. */
  canRetain: boolean;
  onRetain: () => void;
  /** Until when the album is kept, once asked. */
  retainedUntil: string | null;
}

export function AlbumAutomation(props: AlbumAutomationProps) {
  const { json, retainedUntil } = props;
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <details class="automation" data-testid="photo-automation">
      <summary>{words.albumSummary}</summary>
      <p class="muted">{words.albumRequest}</p>
      <ChoiceTabs
        label="Endpoint"
        value={props.endpoint}
        choices={[
          {
            value: "direct",
            text: "/api/tiktok/direct_post",
            testId: "payload-direct",
          },
          { value: "job", text: "/api/jobs", testId: "payload-job" },
        ]}
        onChoose={props.onEndpoint}
      />
      <pre
        class="payload"
        data-testid="photo-payload"
        tabIndex={0}
      >{json}</pre>
      <p class="actions">
        <button
          type="button"
          class="secondary"
          aria-live="polite"
          onClick={props.onCopy}
        >
          {props.copied ? "Copied" : "Copy JSON"}
        </button>{" "}
        <button
          type="button"
          disabled={!props.canRetain}
          data-testid="photo-retain"
          onClick={props.onRetain}
        >
          {words.uploadOnly}
        </button>
      </p>
      <div aria-live="polite">
        {retainedUntil && (
          <p data-testid="photo-retained">
            {words.albumKeptUntil}
            <LocalTime at={retainedUntil} zone />
            {words.albumKept}
          </p>
        )}
      </div>
    </details>
  );
}
