/**
 * The composer's choices with nothing chosen but a video: what composer
 * tests start from and change.
 */
import type { ComposeChoices } from "../../components/compose_rules.ts";

export const NOTHING_CHOSEN: ComposeChoices = {
  mode: "video",
  sourceUrl: "https://files.example/v.mp4",
  photoImages: [],
  coverIndex: 0,
  autoAddMusic: false,
  title: "",
  privacy: "",
  allowComment: false,
  allowDuet: false,
  allowStitch: false,
  disclose: false,
  yourBrand: false,
  brandedContent: false,
  toDrafts: false,
};
