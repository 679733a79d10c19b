/**
 * How the check tasks (storage-check, audit-check) end: one line per
 * check, a summary, exit 1 when one failed; a bad variable is one line,
 * exit 2.
 */
import { ConfigError } from "../lib/config.ts";

/** A check's line: its label (`ok  `, `FAIL`, `note`), name and detail. */
export interface CheckLine {
  label: "ok  " | "FAIL" | "note";
  name: string;
  detail: string;
}

/** Prints `lines` and the summary, and exits 1 when a line is FAIL, else 0. */
export function exitWithChecks(lines: CheckLine[], allPassed: string): never {
  for (const l of lines) console.log(`${l.label} ${l.name}: ${l.detail}`);
  const failed = lines.filter((l) => l.label === "FAIL").length;
  console.log(
    failed === 0 ? allPassed : `${failed} of ${lines.length} checks failed.`,
  );
  Deno.exit(failed === 0 ? 0 : 1);
}

/** A configuration error in one line, exit 2; anything else is thrown. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(2);
  }
  throw error;
}
