/**
 * The sandbox's download of a publish's media: it really pulls every URL, as
 * TikTok does, and fails like TikTok's video_pull_failed/photo_pull_failed
 * when one does not answer 200 with a body.
 * @module
 */
import type { SandboxPublish } from "./sandbox_records.ts";

export interface PullResult {
  /** Bytes read before the end or the failure. */
  bytes: number;
  failReason: string | null;
}

/** Pulls every URL of the publish in order; stops at the first failure. */
export async function pullMedia(publish: SandboxPublish): Promise<PullResult> {
  const failReason = publish.kind === "video"
    ? "video_pull_failed"
    : "photo_pull_failed";
  let bytes = 0;
  for (const url of publish.urls) {
    try {
      const res = await fetch(url, {
        redirect: "manual",
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel();
        return { bytes, failReason };
      }
      for await (const chunk of res.body) bytes += chunk.length;
    } catch {
      // Any network error or timeout is a failed pull, as on TikTok.
      return { bytes, failReason };
    }
  }
  return { bytes, failReason: null };
}
