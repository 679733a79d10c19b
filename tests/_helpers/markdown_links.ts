/**
 * Link checking for the project's docs: GitHub's heading slugs, the
 * relative links of Markdown files, and `docs/<page>.md#<anchor>`
 * citations in code comments.
 * @module
 */

/** GitHub's anchor for a heading text: lowercase, punctuation dropped. */
export function headingSlug(text: string): string {
  return text
    .replaceAll("`", "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replaceAll(" ", "-");
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): [number, string][] {
  const out: [number, string][] = [];
  let fenced = false;
  markdown.split("\n").forEach((line, i) => {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced) out.push([i + 1, line]);
  });
  return out;
}

/** The anchors of a Markdown text's headings (repeats get `-1`, `-2`…). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, line] of proseLines(markdown)) {
    const match = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!match) continue;
    const slug = headingSlug(match[1]);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** A link found in a file: where it is and what it points at. */
export interface FoundLink {
  line: number;
  target: string;
}

/** Relative link targets of a Markdown text (http:, mailto: … skipped). */
export function relativeLinks(markdown: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const [line, text] of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/.test(match[1])) links.push({ line, target: match[1] });
    }
  }
  return links;
}

/** `docs/<page>.md#<anchor>` citations in a source file's text. */
export function docsCitations(source: string): FoundLink[] {
  const links: FoundLink[] = [];
  source.split("\n").forEach((text, i) => {
    for (
      const match of text.matchAll(/docs\/[A-Za-z0-9_]+\.md(#[a-z0-9-]+)?/g)
    ) {
      links.push({ line: i + 1, target: match[0] });
    }
  });
  return links;
}
