/**
 * The composer's second opinion on a caption (docs/dashboard.md#caption):
 * look-alike stop words ("саsinо" in Cyrillic letters) need Unicode's
 * confusable table, too big for the dashboard's JS budget, so the server
 * judges them through `POST /api/caption/check`, with the very rule code
 * posting runs.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { callApi } from "./api_client.ts";
// Types only: the schemas (and zod) stay on the server.
import type { CaptionCheckResponse } from "../lib/http/api_responses.ts";
import type { CaptionProblem } from "../lib/posting/caption_checks.ts";

/** How long typing must pause before the server is asked. */
export const CAPTION_CHECK_DELAY_MS = 350;

/** The server's answer for one text. */
interface Verdict {
  text: string;
  problem: CaptionProblem | null;
}

/**
 * The caption problem the server finds in `text`, once typing has paused,
 * or null: while the browser's own check already finds one (`asked` false),
 * for an empty caption, before the answer for exactly this text is in, and
 * when the call fails.
 */
export function useServerCaptionProblem(
  text: string,
  asked: boolean,
): CaptionProblem | null {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  useEffect(() => {
    if (!asked || text.trim() === "") return;
    let current = true;
    const timer = setTimeout(() => {
      callApi<CaptionCheckResponse>("POST", "/api/caption/check", {
        title: text,
      }).then(
        (res) => {
          if (current) setVerdict({ text, problem: res.problem });
        },
        // Safe to show nothing: posting runs the same rules and refuses
        // what this would have shown; a failed check must not block a post.
        () => undefined,
      );
    }, CAPTION_CHECK_DELAY_MS);
    // A newer text makes this answer stale, whenever it arrives.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, asked]);
  return asked && verdict?.text === text ? verdict.problem : null;
}
