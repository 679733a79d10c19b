/**
 * Progress of a long tool call (docs/mcp.md#long-calls). A copy from a URL
 * or a post copying from a verified domain can take minutes, longer than
 * an MCP client waits by default (the SDK's 60 s). A client that sends a
 * `progressToken` with its tools/call gets its answer on an event stream,
 * told as it runs (MCP's `notifications/progress`) the bytes copied so far
 * (with `total`, the source's Content-Length, when it sent one) and each
 * later stage, or, where the tool says nothing, that it still runs; a
 * client resetting its timeout on progress keeps waiting. The answer
 * itself is unchanged.
 * @module
 */
import { isJsonObject } from "../json_object.ts";
import type {
  CopyProgress,
  ImageOf,
  OnCopyProgress,
} from "../media/copy_progress.ts";

/** A request's progress token, as MCP defines it. */
export type ProgressToken = string | number;

/**
 * The progress token of a JSON-RPC `tools/call` request, or null: the one
 * case whose answer goes on an event stream (mcp_app.ts); every other
 * answer stays one JSON body.
 */
export function toolCallProgressToken(message: unknown): ProgressToken | null {
  if (!isJsonObject(message) || message.method !== "tools/call") return null;
  if (message.id === undefined || !isJsonObject(message.params)) return null;
  const meta = message.params._meta;
  if (!isJsonObject(meta)) return null;
  const token = meta.progressToken;
  return typeof token === "string" || typeof token === "number" ? token : null;
}

/** A progress notification as MCP's `notifications/progress` carries it. */
export interface ProgressNotification {
  method: "notifications/progress";
  params: {
    progressToken: ProgressToken;
    progress: number;
    /** The whole, when known: a single copy's Content-Length. */
    total?: number;
    message: string;
  };
}

/**
 * Bytes as a person reads them: MB with one decimal, but kB below 0.1 MB
 * and bytes below 1 kB (where "0.0 MB" would say nothing).
 */
export function sizeText(bytes: number): string {
  if (bytes < 1_000) return `${bytes} bytes`;
  return bytes >= 100_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${(bytes / 1_000).toFixed(1)} kB`;
}

type Copying = Extract<CopyProgress, { stage: "copying" }>;

/** `text` with its first letter capital, as a sentence starts. */
function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The steps before a source's first byte: told only by the repeat every
 * `everyMs` (so a slow-starting source's wait says what it waits for),
 * never at once, as a quick copy would otherwise send two more.
 */
const QUIET_STAGES = new Set<CopyProgress["stage"]>(["connecting", "answered"]);

/**
 * The share of `total` the bytes of a finished copy count as, the rest
 * left for the stages after it (checking, sending to TikTok) to approach.
 */
const NEAR_DONE = 0.99;

/** What a call reported last, and what it was told so far. */
class CallProgress {
  /** The last `progress` sent: each notification's must be greater. */
  last = 0;
  /** When the last notification went (performance.now()), or the start. */
  sentAt: number;
  /** The copy running or last run; null before any. */
  copy: Copying | null = null;
  /** Bytes of a photo post's earlier images, counted before this one's. */
  base = 0;
  stage: CopyProgress | null = null;
  /** The stage's words last sent: the same again says it still runs. */
  told: string | null = null;

  constructor(readonly started: number) {
    this.sentAt = started;
  }

  /**
   * The copy's announced size, when the call copies one source that sent a
   * Content-Length: the `total` of its notifications from its answer on. A photo post's
   * several images have no known whole ahead.
   */
  total(): number | undefined {
    // Known from the source's answer, before its first byte.
    const announced = this.copy ??
      (this.stage?.stage === "answered" ? this.stage : null);
    const t = announced?.total;
    return announced?.image === undefined && t !== undefined &&
        Number.isSafeInteger(t) && t > 0
      ? t
      : undefined;
  }

  /** Bytes copied by the call so far. */
  copied(): number {
    return this.base + (this.copy?.copied ?? 0);
  }

  /**
   * The next `progress`: the bytes copied when they grew (below the total,
   * which only the answer's eve reaches). Else, before all the announced
   * bytes came (a wait for the source, its first bytes) or with no total,
   * one more: nothing more is copied, so a client showing `progress /
   * total` shows no jump. Once they all came (a stage after the copy, its
   * repeats), half way to the total from the bytes counted as at most
   * `NEAR_DONE` of it, so a small copy, all in before any count was sent,
   * is shown near its end while checked, not half way
   * (docs/mcp.md#long-calls); one more once halving no longer adds
   * anything.
   */
  next(): number {
    const total = this.total();
    const bytes = this.copied();
    if (bytes > this.last && (total === undefined || bytes < total)) {
      return bytes;
    }
    if (total === undefined || (bytes < total && this.last + 1 < total)) {
      return this.last + 1;
    }
    const from = Math.max(this.last, NEAR_DONE * total);
    const half = from + (total - from) / 2;
    return half > this.last && half < total ? half : this.last + 1;
  }

  /** What the copy did, in words; empty before any copy. */
  copyText(): string {
    if (!this.copy) return "";
    const { copied, image } = this.copy;
    const total = this.copy.total;
    const of = total !== undefined && Number.isSafeInteger(total)
      ? ` of ${sizeText(total)}`
      : "";
    const which = image ? ` (image ${image.index} of ${image.count})` : "";
    return `Copied ${sizeText(copied)}${of} from the link${which}`;
  }

  /** The stage in words, or null when the tool told nothing yet. */
  stageText(): string | null {
    const stage = this.stage;
    if (!stage) return null;
    if (stage.stage === "copying") return `${this.copyText()}.`;
    const copied = this.copy ? `${this.copyText()}; ` : "";
    const which = (image?: ImageOf) =>
      image ? ` (image ${image.index} of ${image.count})` : "";
    switch (stage.stage) {
      case "connecting":
        return upperFirst(
          `${copied}connecting to ${stage.host}${which(stage.image)}.`,
        );
      case "answered":
        return upperFirst(
          `${copied}answered by ${stage.host}${
            which(stage.image)
          }; waiting for the first bytes.`,
        );
      case "checking":
        return `${copied}checking the ${stage.kind}.`;
      case "sending":
        return `${copied}sending the post to TikTok.`;
    }
  }
}

/**
 * Runs `work`, telling `send` how it goes when the call gave a token:
 * what `work` reports through its `onProgress` (bytes at most once every
 * `everyMs`, a stage change at once), and every `everyMs` without news
 * that it still runs; the last notification of a copy whose size was
 * announced and which all arrived has `progress === total`. None once the
 * call ended. Without a token, `work` gets no `onProgress`, as before.
 * A notification that cannot be sent (the client left) is dropped and
 * stops nothing: a keyless copy is stopped by the request's signal
 * instead (mcp_tool.ts), and a call with an idempotency_key runs to its
 * end, so its retry gets its answer (docs/mcp.md#long-calls).
 */
export async function withProgress<T>(
  token: ProgressToken | undefined,
  everyMs: number,
  tool: string,
  send: (notification: ProgressNotification) => Promise<void>,
  work: (onProgress?: OnCopyProgress) => Promise<T>,
): Promise<T> {
  if (token === undefined) return await work();
  const call = new CallProgress(performance.now());
  const notify = (progress: number, message: string, told = call.told) => {
    call.last = progress;
    call.told = told;
    call.sentAt = performance.now();
    const total = call.total();
    return send({
      method: "notifications/progress",
      params: {
        progressToken: token,
        progress,
        ...(total === undefined ? {} : { total }),
        message,
      },
    }).catch(() => {
      // The stream is gone: the client stopped listening, nothing to tell.
    });
  };
  const running = () => {
    const seconds = Math.round((performance.now() - call.started) / 1000);
    return `${tool} still running after ${seconds} s`;
  };
  const onProgress: OnCopyProgress = (step) => {
    if (step.stage === "copying") {
      const before = call.copy;
      // A photo post's next image: the earlier one's bytes stay counted.
      if (before && step.image && before.image?.index !== step.image.index) {
        call.base += before.copied;
      }
      call.copy = step;
      call.stage = step;
      if (performance.now() - call.sentAt < everyMs) return;
    } else {
      call.stage = step;
      if (QUIET_STAGES.has(step.stage)) return;
    }
    const text = call.stageText()!;
    notify(call.next(), text, text);
  };
  const timer = setInterval(() => {
    if (performance.now() - call.sentAt < everyMs) return;
    const text = call.stageText();
    notify(
      call.next(),
      text === null
        ? `${running()}; its answer comes on this request.`
        : text === call.told
        ? `${text} ${running()}.`
        : text,
      text,
    );
  }, everyMs);
  try {
    return await work(onProgress);
  } finally {
    clearInterval(timer);
    const total = call.total();
    if (
      total !== undefined && call.copy!.copied >= total && call.last < total
    ) {
      await notify(total, `${call.copyText()}; done, the answer follows.`);
    }
  }
}
