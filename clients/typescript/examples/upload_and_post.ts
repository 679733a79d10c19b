/**
 * Uploads a video to PM3K in one request, posts it to TikTok and waits for
 * TikTok's result, with the typed client.
 *
 *   PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... \
 *     deno run -A examples/upload_and_post.ts video.mp4 "My caption" SELF_ONLY
 *
 * Privacy (the third argument) is one of PUBLIC_TO_EVERYONE,
 * MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY. PM3K_POLL_SECONDS
 * sets the pause between status checks (15 s by default).
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import process from "node:process";
import { createPm3kClient, Pm3kError } from "../src/client.ts";
import type { PostBody } from "../src/client.ts";

const VIDEO_TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
};

async function main(): Promise<number> {
  const [file, caption, privacy] = process.argv.slice(2);
  const baseUrl = process.env.PM3K_BASE_URL;
  const apiKey = process.env.PM3K_KEY;
  if (!file || !caption || !privacy || !baseUrl || !apiKey) {
    console.error(
      "usage: PM3K_BASE_URL=... PM3K_KEY=... upload_and_post.ts FILE CAPTION PRIVACY",
    );
    return 2;
  }
  const pm3k = createPm3kClient({ baseUrl, apiKey });
  try {
    const upload = await pm3k.uploadFile(await readFile(file), {
      filename: basename(file),
      contentType: VIDEO_TYPES[extname(file).toLowerCase()] ??
        "application/octet-stream",
    });
    console.log(`uploaded: ${upload.url}`);
    const { publish_id } = await pm3k.post({
      source_url: upload.url,
      title: caption,
      privacy: privacy as PostBody["privacy"],
    });
    console.log(`posted: publish_id ${publish_id}`);
    const result = await pm3k.waitForResult(publish_id, {
      pollSeconds: Number(process.env.PM3K_POLL_SECONDS ?? 15),
    });
    console.log(`TikTok: ${result.status} (${result.state})`);
    return 0;
  } catch (error) {
    // A refusal names PM3K's code: interval_limit, links_forbidden, …
    console.error(error instanceof Pm3kError ? error.message : String(error));
    return 1;
  }
}

process.exitCode = await main();
