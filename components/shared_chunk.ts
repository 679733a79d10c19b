/**
 * What more than one island uses: the islands import it from here.
 *
 * Why one module: the bundler (lib/islands/island_assets.ts, code
 * splitting) puts each module in the chunk of the set of islands that reach
 * it. Imported one by one, the shared helpers were reached by a dozen
 * different sets of islands and made a dozen chunks, most of a few hundred
 * bytes, each paying its own gzip header and dictionary, and an import in
 * every island that used it. Every island imports this module, so all it
 * names is reached by every island and makes one chunk, loaded once per
 * page (docs/dashboard.md#budget).
 *
 * Components import each other directly, never through here, so no import
 * goes in a circle. A helper of one island stays beside that island; the
 * caption checks, sizeable and used by the composer and the calendar only,
 * keep a chunk of their own.
 * @module
 */
export {
  ApiCallError,
  callApi,
  cancelUpload,
  copyText,
  uploadFile,
} from "./api_client.ts";
export { reportFailure } from "./report_failure.ts";
export { nameAmong } from "../lib/media/upload_tag.ts";
export { videoTooLongMessage } from "../lib/media/video_length_message.ts";
export { tellIslands, useIslandEvent } from "./island_events.ts";
export {
  firstPickableMinute,
  lastPickableMinute,
  localDay,
  localWhen,
  NAMED,
  namedWhen,
  runTimePassed,
} from "./compose_rules.ts";
export {
  browserZone,
  clockTime,
  dayKey,
  errorText,
  fromLocalInput,
  localizeTimes,
  localTime,
  toLocalInput,
  typedTimeNote,
} from "./local_times.ts";
export { LocalTime } from "./LocalTime.tsx";
export { useFocusRescue } from "./focus_rescue.ts";
export {
  ErrorRegion,
  OutdatedListNotice,
  StatusRegion,
} from "./StatusRegion.tsx";
export { keepOnEscape, useConfirmFocus } from "./confirm_focus.ts";
export { ConfirmAction } from "./ConfirmAction.tsx";
export {
  JOB_STATE_LABELS,
  leftOutcomeUnknown,
  postStateLabel,
  postStateSentence,
} from "./state_labels.ts";
export { fillWords, pageWords } from "./page_words.ts";
export { PostStateAnnouncer } from "./PostStateAnnouncer.tsx";
export { useLivePosts, useRefreshWhile } from "./live_lists.ts";
export { kindName, postCalled, quotedCaption } from "./item_names.ts";
export { PostAgainLink } from "./PostAgainLink.tsx";
export { TikTokPostLink } from "./TikTokPostLink.tsx";
export { PostPrivacy } from "./PostPrivacy.tsx";
export { MediaThumb } from "./MediaThumb.tsx";
export { humanSize } from "./file_size.ts";
export { numberText } from "./number_text.ts";
export { recallAlbum, rememberAlbum } from "./album_memory.ts";
export { revive } from "../lib/islands/revive.ts";
