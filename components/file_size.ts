/**
 * A file's size as a person reads it: "512 B", "41 KB", "3.4 MB" (decimal
 * units, as the upload limits are stated in docs/media.md#uploads), its
 * number written the reader's way ("3,4 MB" in German).
 * @module
 */
import { numberText } from "./number_text.ts";

/** `41_234` → `"41 KB"`; `3_400_000` → `"3.4 MB"`; unknown → `""`. */
export function humanSize(bytes: number | null | undefined): string {
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) {
    return "";
  }
  if (bytes < 1000) return `${bytes} B`;
  // 999_950 B and up would round to "1000 KB": say MB from there.
  if (bytes < 999_500) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  const digits = mb < 10 ? 1 : 0;
  return `${
    numberText(mb, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
  } MB`;
}
