/** Maps the API's direct_post (and job) body onto the posting domain's input. */
import type { z } from "zod";
import type { PhotoPostBody, VideoPostBody } from "./api_schemas.ts";
import type { DirectPostInput } from "../posting/direct_post_input_record.ts";

export function directPostInput(
  b: z.infer<typeof VideoPostBody> | z.infer<typeof PhotoPostBody>,
): DirectPostInput {
  const common = {
    title: b.title,
    postMode: b.post_mode,
    privacy: b.privacy,
    disableComment: b.disable_comment,
    disableDuet: b.disable_duet,
    disableStitch: b.disable_stitch,
    isAd: b.is_ad,
    adYourBrand: b.ad_your_brand,
    adBrandedContent: b.ad_branded_content,
    brand: b.brand,
  };
  return "source_url" in b
    ? { ...common, kind: "video", sourceUrl: b.source_url }
    : {
      ...common,
      kind: "photo",
      photoImages: b.photo_images ?? undefined,
      coverIndex: b.photo_cover_index,
      autoAddMusic: b.auto_add_music,
    };
}
