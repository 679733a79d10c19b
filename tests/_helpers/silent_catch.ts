/**
 * Finds failures swallowed without a word: an empty `.catch(() => {})`
 * handler (or one returning `undefined`) and an empty `catch {}` block,
 * unless a comment on the same or the preceding line says why ignoring it
 * is safe. A catch block holding only a comment is not empty.
 */

export interface SilentCatch {
  file: string;
  /** 1-based line where the handler or block starts. */
  line: number;
  text: string;
}

const EMPTY_HANDLER =
  /\.catch\(\s*(?:async\s*)?(?:\(\s*(?:[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?)?\s*\)|[A-Za-z_$][\w$]*)\s*=>\s*(?:\{\s*\}|undefined|void 0)\s*\)/g;
const EMPTY_BLOCK =
  /\bcatch\s*(?:\(\s*[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?\s*\))?\s*\{\s*\}/g;
/** `//` not preceded by `:` (as in `https://`), `/*`, or a JSDoc line. */
const COMMENT = /(?:^|[^:])\/\/|\/\*|^\s*\*/;

/** The silent catches in one file's source. */
export function silentCatches(file: string, source: string): SilentCatch[] {
  const lines = source.split("\n");
  const found: SilentCatch[] = [];
  for (const pattern of [EMPTY_HANDLER, EMPTY_BLOCK]) {
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split("\n").length;
      const here = lines[line - 1];
      const before = line >= 2 ? lines[line - 2] : "";
      if (COMMENT.test(here) || COMMENT.test(before)) continue;
      found.push({ file, line, text: here.trim() });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The silent catches of every .ts/.tsx file under `dirs` (and `files`). */
export async function silentCatchesIn(
  root: string,
  dirs: string[],
  files: string[] = [],
): Promise<SilentCatch[]> {
  const paths = [...files];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(`${root}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) paths.push(path);
    }
  };
  for (const dir of dirs) await walk(dir);
  const found: SilentCatch[] = [];
  for (const path of paths.sort()) {
    found.push(
      ...silentCatches(path, await Deno.readTextFile(`${root}/${path}`)),
    );
  }
  return found;
}
