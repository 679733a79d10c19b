/**
 * TikTok's FILE_UPLOAD chunk rules as the simulator enforces them
 * (docs/sandbox.md#file-upload), written from TikTok's media transfer guide
 * and kept apart from PM3K's own planner (lib/tiktok/file_upload.ts) so the
 * tests check one against the other. Pure.
 * @module
 */

const MB = 1024 * 1024;
/** TikTok's largest video: 4 GB. */
const MAX_VIDEO_BYTES = 4 * 1024 * MB;

/** The three numbers of a FILE_UPLOAD init, as received. */
export interface UploadDeclaration {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/** Why TikTok refuses the declaration (invalid_param's message), or null. */
export function declarationProblem(d: UploadDeclaration): string | null {
  const { videoSize, chunkSize, totalChunkCount } = d;
  if (
    ![videoSize, chunkSize, totalChunkCount].every((n) =>
      Number.isSafeInteger(n) && n > 0
    )
  ) {
    return "video_size, chunk_size and total_chunk_count must be positive integers.";
  }
  if (videoSize > MAX_VIDEO_BYTES) return "video_size is over 4 GB.";
  if (videoSize < 5 * MB) {
    return chunkSize === videoSize && totalChunkCount === 1
      ? null
      : "A video under 5 MB is sent whole: chunk_size must equal video_size.";
  }
  if (chunkSize < 5 * MB || chunkSize > 64 * MB) {
    return "chunk_size must be between 5 MB and 64 MB.";
  }
  if (totalChunkCount !== Math.floor(videoSize / chunkSize)) {
    return "total_chunk_count must be video_size / chunk_size rounded down.";
  }
  if (totalChunkCount > 1000) return "At most 1000 chunks.";
  const last = videoSize - (totalChunkCount - 1) * chunkSize;
  if (last > 128 * MB) return "The last chunk is over 128 MB.";
  return null;
}

/** The inclusive byte range chunk `index` must carry. */
export function expectedChunk(
  d: UploadDeclaration,
  index: number,
): { first: number; last: number } {
  const first = index * d.chunkSize;
  const last = index === d.totalChunkCount - 1
    ? d.videoSize - 1
    : first + d.chunkSize - 1;
  return { first, last };
}

/** `bytes {first}-{last}/{total}`, or null when it is not that shape. */
export function parseContentRange(
  header: string | undefined,
): { first: number; last: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? "");
  if (!m) return null;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return first <= last && last < total ? { first, last, total } : null;
}

/** The video types a chunk PUT may declare. */
export const CHUNK_CONTENT_TYPES = [
  "video/mp4",
  "video/quicktime",
  "video/webm",
];
