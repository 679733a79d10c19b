/**
 * The composer's browser-free rules (docs/dashboard.md#compose): the
 * request it sends for each choice, the dashboard's format for an
 * instant, and the
 * caption rules shared with the API (docs/dashboard.md#caption): the
 * browser's stop-word list, without the confusable table and the other
 * spellings (plurals, digits glued on, leet), finds what the server's finds
 * in every caption that has no letters of other alphabets, but for those
 * spellings, which it leaves to the server.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  composeBody,
  localWhen,
  privacyLabel,
} from "../components/compose_rules.ts";
import { NOTHING_CHOSEN } from "./_helpers/compose_choices.ts";
import { captionProblem, StopWordList } from "../lib/posting/caption_checks.ts";
import { checkCaption, StopWords } from "../lib/posting/caption_rules.ts";
import { AppError } from "../lib/errors.ts";
import { STOP_WORDS } from "../lib/posting/stop_words.ts";
import { StopWordSpellings } from "../lib/posting/stop_word_spellings.ts";

Deno.test("nothing chosen sends no privacy, no interactions and no disclosure", () => {
  assert.deepEqual(composeBody(NOTHING_CHOSEN), {
    source_url: "https://files.example/v.mp4",
    title: "",
    disable_comment: true,
    disable_duet: true,
    disable_stitch: true,
    is_ad: false,
    ad_your_brand: false,
    ad_branded_content: false,
  });
});

Deno.test("photos send no Duet or Stitch, and the chosen cover and music", () => {
  assert.deepEqual(
    composeBody({
      ...NOTHING_CHOSEN,
      mode: "photo",
      photoImages: ["https://f/a.jpg", "https://f/b.jpg"],
      coverIndex: 1,
      autoAddMusic: true,
      privacy: "SELF_ONLY",
      allowComment: true,
      allowDuet: true,
    }),
    {
      media_type: "PHOTO",
      photo_images: ["https://f/a.jpg", "https://f/b.jpg"],
      photo_cover_index: 1,
      auto_add_music: true,
      title: "",
      privacy: "SELF_ONLY",
      disable_comment: false,
      is_ad: false,
      ad_your_brand: false,
      ad_branded_content: false,
    },
  );
});

Deno.test("a draft sends the media and caption only, as MEDIA_UPLOAD, with no music choice", () => {
  const chosen = {
    ...NOTHING_CHOSEN,
    title: "Finish me in the app",
    privacy: "SELF_ONLY",
    allowComment: true,
    disclose: true,
    yourBrand: true,
    toDrafts: true,
  };
  assert.deepEqual(composeBody(chosen), {
    source_url: "https://files.example/v.mp4",
    title: "Finish me in the app",
    post_mode: "MEDIA_UPLOAD",
  });
  assert.deepEqual(
    composeBody({ ...chosen, mode: "photo", photoImages: ["https://f/a.jpg"] }),
    {
      media_type: "PHOTO",
      photo_images: ["https://f/a.jpg"],
      photo_cover_index: 0,
      title: "Finish me in the app",
      post_mode: "MEDIA_UPLOAD",
    },
  );
});

Deno.test("a closed disclosure sends no brand choice even if one was ticked before", () => {
  const body = composeBody({
    ...NOTHING_CHOSEN,
    disclose: false,
    yourBrand: true,
    brandedContent: true,
  });
  assert.equal(body.ad_your_brand, false);
  assert.equal(body.ad_branded_content, false);
});

Deno.test("privacy levels read as TikTok's words; an unknown one as sent", () => {
  assert.equal(privacyLabel("PUBLIC_TO_EVERYONE"), "Everyone");
  assert.equal(privacyLabel("MUTUAL_FOLLOW_FRIENDS"), "Friends");
  assert.equal(privacyLabel("FOLLOWER_OF_CREATOR"), "Followers");
  assert.equal(privacyLabel("SELF_ONLY"), "Only me");
  assert.equal(privacyLabel("NEW_LEVEL"), "NEW_LEVEL");
});

const BERLIN = { locale: "en-GB", timeZone: "Europe/Berlin" };

Deno.test("localWhen shows only the time today and the day too on another day", () => {
  const now = new Date("2026-12-03T10:00:00Z"); // Thursday, 11:00 in Berlin
  assert.equal(localWhen("2026-12-03T14:40:00.000Z", now, BERLIN), "15:40");
  assert.equal(
    localWhen("2026-12-04T14:40:00.000Z", now, BERLIN),
    "Fri 4 Dec, 15:40",
  );
  assert.equal(
    localWhen("2026-12-02T22:59:00.000Z", now, BERLIN),
    "Wed 2 Dec, 23:59",
    "yesterday is named too",
  );
  assert.equal(
    localWhen("2027-01-05T14:40:00.000Z", now, BERLIN),
    "Tue, 5 Jan 2027, 15:40",
    "another year is named",
  );
  assert.equal(
    localWhen("2026-12-31T23:30:00.000Z", now, BERLIN),
    "Fri, 1 Jan 2027, 00:30",
    "the year is the zone's, not UTC's",
  );
});

Deno.test("localWhen names the zone of a time in the hour the clocks show twice, and of no other", () => {
  // Los Angeles goes back from 02:00 PDT to 01:00 PST on 7 November 2027.
  const la = { locale: "en-US", timeZone: "America/Los_Angeles" };
  const now = new Date("2027-11-07T07:00:00Z"); // 00:00 PDT
  // A time's words joined by no-break spaces (U+00A0): never wrapped apart.
  const at = (iso: string) => localWhen(iso, now, la);
  assert.equal(at("2027-11-07T08:10:00Z"), "1:10\u00a0AM\u00a0PDT");
  assert.equal(at("2027-11-07T09:10:00Z"), "1:10\u00a0AM\u00a0PST");
  assert.equal(at("2027-11-07T07:59:00Z"), "12:59\u00a0AM");
  assert.equal(at("2027-11-07T10:00:00Z"), "2:00\u00a0AM");
  // Where the locale has no short name, the offset says it.
  assert.equal(
    localWhen("2027-11-07T09:10:00Z", now, { ...la, locale: "de-DE" }),
    "01:10\u00a0GMT-8",
  );
});

Deno.test("localWhen writes the day's words and the clock as the locale does: 12 hours in en-US, 24 in de-DE and en-GB", () => {
  const now = new Date("2026-12-03T10:00:00Z");
  const us = { locale: "en-US", timeZone: "Europe/Berlin" };
  const inUs = (iso: string) => localWhen(iso, now, us).replace(/\s/g, " ");
  assert.equal(inUs("2026-12-03T14:40:00Z"), "3:40 PM");
  assert.equal(inUs("2026-12-04T08:05:00Z"), "Fri, Dec 4, 9:05 AM");
  const gb = { locale: "en-GB", timeZone: "Europe/Berlin" };
  assert.equal(localWhen("2026-12-04T08:05:00Z", now, gb), "Fri 4 Dec, 09:05");
  const de = { locale: "de-DE", timeZone: "Europe/Berlin" };
  assert.equal(
    localWhen("2026-12-04T08:05:00Z", now, de),
    "Fr., 4. Dez., 09:05",
  );
});

Deno.test("localWhen compares calendar days in the zone shown, not in UTC", () => {
  // 10:00 on Thursday in New York; 02:30 UTC on Friday is still Thursday
  // evening there.
  const ny = { locale: "en-GB", timeZone: "America/New_York" };
  const nyMorning = new Date("2026-12-03T15:00:00Z");
  assert.equal(localWhen("2026-12-04T02:30:00Z", nyMorning, ny), "21:30");
  // 19:00 on Thursday in Tokyo; 16:00 UTC the same UTC day is Friday there.
  const tokyo = { locale: "en-GB", timeZone: "Asia/Tokyo" };
  const tokyoEvening = new Date("2026-12-03T10:00:00Z");
  assert.equal(
    localWhen("2026-12-03T16:00:00Z", tokyoEvening, tokyo),
    "Fri 4 Dec, 01:00",
  );
});

Deno.test("localWhen without a zone uses the runtime's own locale and zone", () => {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  const now = new Date("2026-12-03T10:00:00Z");
  for (const iso of ["2026-12-03T10:30:00Z", "2026-12-09T18:15:00Z"]) {
    assert.equal(
      localWhen(iso, now),
      localWhen(iso, now, { locale, timeZone }),
    );
  }
});

/** The API's answer to a caption, as a problem or null. */
function serverProblem(caption: string, stopWords: StopWords) {
  try {
    checkCaption(caption, stopWords);
    return null;
  } catch (error) {
    assert.ok(error instanceof AppError);
    return { code: error.code, message: error.message };
  }
}

Deno.test("the browser's caption check answers as the API for captions in Latin letters, but for the spellings only the API searches", () => {
  const server = new StopWords(["free money"]);
  const browser = new StopWordList(["free money"]);
  const spellings = new StopWordSpellings([...STOP_WORDS, "free money"]);
  const pieces = fc.oneof(
    fc.constantFrom(
      ...STOP_WORDS,
      "free money",
      "freemoney",
      "www.",
      "https://",
    ),
    fc.constantFrom(
      "C A S I N O",
      "Cásino",
      "ＣＡＳＩＮＯ",
      "ca\u200bsino",
      "hello",
    ),
    fc.string({ maxLength: 12 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 5 }), (parts) => {
      const caption = parts.join(" ");
      // What the browser finds, the API finds; past that, the API finds
      // only the other spellings ("C A S I N O 0" holds "casino"). Those
      // are worked out here by the class the server calls, so this proves
      // the split, not the spellings: their own tests do
      // (caption_stop_word_spellings_http_test.ts, the property tests).
      const other = spellings.find(caption);
      assert.deepEqual(
        serverProblem(caption, server),
        captionProblem(caption, browser) ?? (other && {
          code: "forbidden_word",
          message: `Caption contains forbidden content: "${other}".`,
        }),
        caption,
      );
    }),
    { numRuns: 400 },
  );
});

Deno.test("plurals, digits glued on and leet spellings are left to the API, which refuses them", () => {
  for (const caption of ["best casinos", "#Casino2024", "CA$INO", "p0rn"]) {
    assert.equal(captionProblem(caption, new StopWordList()), null, caption);
    assert.equal(
      serverProblem(caption, new StopWords())?.code,
      "forbidden_word",
      caption,
    );
  }
});

Deno.test("look-alikes from other alphabets are left to the API, which refuses them", () => {
  const caption = "Big \u0441\u0430sin\u043e night"; // Cyrillic с, а, о
  assert.equal(captionProblem(caption, new StopWordList()), null);
  assert.equal(serverProblem(caption, new StopWords())?.code, "forbidden_word");
});
