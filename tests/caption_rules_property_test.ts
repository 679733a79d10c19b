/**
 * Property tests (fast-check): no caption containing a link or a stop word
 * passes, whatever the case, width or spacing tricks around it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkCaption,
  containsLink,
  StopWords,
} from "../lib/posting/caption_rules.ts";
import { STOP_WORDS } from "../lib/posting/stop_words.ts";
import { AppError } from "../lib/errors.ts";

const stopWords = new StopWords();

/** Full-width forms of ASCII letters, digits and punctuation. */
const toFullWidth = (s: string) =>
  [...s].map((c) => {
    const code = c.charCodeAt(0);
    return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : c;
  }).join("");

/** Combining marks spammers put on letters: strokes, accents, dots. */
const MARKS = [
  "\u0336",
  "\u0335",
  "\u0338",
  "\u0301",
  "\u0300",
  "\u0307",
  "\u0332",
];

const disguise = fc.record({
  upper: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  fullWidth: fc.boolean(),
  zeroWidth: fc.boolean(),
  /** A mark index (or -1 for none) per letter. */
  marks: fc.array(fc.integer({ min: -1, max: MARKS.length - 1 }), {
    minLength: 64,
    maxLength: 64,
  }),
  turkishI: fc.boolean(),
});

function applyDisguise(
  text: string,
  d: {
    upper: boolean[];
    fullWidth: boolean;
    zeroWidth: boolean;
    marks: number[];
    turkishI: boolean;
  },
) {
  let out = [...text].map((
    c,
    i,
  ) => (d.upper[i % 64] ? c.toUpperCase() : c.toLowerCase())).join("");
  // The dotted capital I ("CASİNO") lowers to i plus a combining dot.
  if (d.turkishI) out = out.replace(/[iI]/g, "\u0130");
  if (d.fullWidth) out = toFullWidth(out);
  out = [...out].map((c, i) =>
    /\p{L}/u.test(c) && d.marks[i % 64] >= 0 ? c + MARKS[d.marks[i % 64]] : c
  ).join("");
  if (d.zeroWidth) out = [...out].join("\u200b");
  return out;
}

const filler = fc.string({ maxLength: 30 }).map((s) =>
  s.replace(/[\p{L}\p{N}]/gu, " ")
);
const words = fc.array(
  fc.constantFrom("great", "video", "today", "fun", "my", "cat"),
  { maxLength: 5 },
)
  .map((w) => w.join(" "));

function codeOf(caption: string): string | null {
  try {
    checkCaption(caption, stopWords);
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

Deno.test("no caption with a link passes, whatever its disguise", () => {
  fc.assert(
    fc.property(
      words,
      fc.constantFrom("https://", "http://", "www."),
      fc.domain(),
      words,
      disguise,
      fc.constantFrom("", " ", "  ", "\t"),
      (before, scheme, domain, after, d, spacing) => {
        const link = [...scheme].join(spacing) + domain;
        const caption = `${before} ${applyDisguise(link, d)} ${after}`;
        assert.equal(codeOf(caption), "links_forbidden", caption);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("no caption with a stop word passes, whatever its case, width or spacing", () => {
  fc.assert(
    fc.property(
      words,
      fc.constantFrom(...STOP_WORDS),
      words,
      disguise,
      filler,
      fc.constantFrom(" ", "  ", "\n", "\t "),
      (before, word, after, d, noise, gap) => {
        const spaced = word.split(" ").join(gap);
        const caption = `${before}${noise.slice(0, 1) || " "}${
          applyDisguise(spaced, d)
        } ${after}`;
        assert.equal(
          codeOf(caption),
          "forbidden_word",
          JSON.stringify(caption),
        );
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("spaced-out letters of a stop word are caught too", () => {
  for (
    const caption of ["c a s i n o night", "C.A.S.I.N.O", "win at c-a-s-i-n-o"]
  ) {
    assert.equal(codeOf(caption), "forbidden_word", caption);
  }
});

Deno.test("ordinary captions pass: no false positives on look-alike words", () => {
  for (
    const caption of [
      "Essex sunset",
      "casinos? no: a castle",
      "what a nice betting-free day".replace("betting-", ""),
      "www is not a link",
      "http is a protocol",
    ]
  ) {
    assert.equal(codeOf(caption), null, caption);
  }
  assert.equal(containsLink("email me at name dot com"), false);
});
