/** Maps the API's presigned-upload body onto the media domain's input. */
import type { z } from "zod";
import type { CreateUploadBody } from "./api_schemas.ts";
import type { NewUpload } from "../media/upload_start.ts";

export function newUploadInput(b: z.infer<typeof CreateUploadBody>): NewUpload {
  return {
    filename: b.filename,
    contentType: b.content_type,
    size: b.size,
    albumId: b.album_id,
  };
}
