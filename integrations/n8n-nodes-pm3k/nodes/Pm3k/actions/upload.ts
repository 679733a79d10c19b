import type { IBinaryData, IDataObject, IExecuteFunctions } from "n8n-workflow";
import { NodeOperationError } from "n8n-workflow";
import { pm3kRequest } from "../transport";
import { givenText } from "./given";
import { runIdempotencyKey } from "./idempotency_key";
import { failureJson } from "../failure_json";

/**
 * Upload Media: a binary file from an earlier node goes as the request body
 * (`POST /api/uploads?filename=`, its media type as Content-Type); a URL is
 * fetched by PM3K (`POST /api/uploads/from_url`). Both answer as a completed
 * upload: `url` is what a post takes (docs/media.md#uploads). Several binary
 * fields (comma-separated: an item holding a post's photos, as a form's or
 * an email's files come) are uploaded one after the other, one output item
 * each, in the order named; with "continue on fail", a file refused gives
 * its failure as its item and the others still go.
 */
export async function upload(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject | IDataObject[]> {
  const source = this.getNodeParameter("uploadSource", i) as string;
  const options = this.getNodeParameter("uploadOptions", i, {}) as {
    albumId?: string;
    fileName?: string;
  };
  const albumId = String(options.albumId ?? "").trim() || undefined;
  if (source === "url") {
    const url = givenText.call(
      this,
      i,
      "fileUrl",
      "File URL",
      "give a link that downloads the file, or a Google Drive, Dropbox or OneDrive/SharePoint file share link; an expression mapping it found nothing in the input item",
    );
    const image = /\.(jpe?g|webp|png)$/i.test(url.split(/[?#]/)[0]);
    return await pm3kRequest.call(this, i, {
      method: "POST",
      path: "/api/uploads/from_url",
      body: albumId ? { url, album_id: albumId } : { url },
      // A copy can outlast a proxy's patience: Retry On Fail then gets the
      // upload made, not a second one (docs/api.md#uploads-from-a-url).
      headers: { "Idempotency-Key": runIdempotencyKey.call(this, i) },
      hints: albumId ? ALBUM_HINTS : image ? IMAGE_HINTS : undefined,
    });
  }
  const fields = String(this.getNodeParameter("binaryPropertyName", i))
    .split(",").map((f) => f.trim()).filter((f) => f !== "");
  // Each is checked before the first is sent: a misspelt name uploads none.
  const binaries = fields.map((field) =>
    [field, this.helpers.assertBinaryData(i, field)] as const
  );
  if (binaries.length === 0) {
    throw new NodeOperationError(
      this.getNode(),
      "Input Binary Field names no field",
      { itemIndex: i },
    );
  }
  const uploads: IDataObject[] = [];
  // Several files with "continue on fail": one refused does not hide the
  // uploads made before it (already in the album, counted), nor stop the
  // rest: its failure takes its place among the output items.
  const each = binaries.length > 1 && this.continueOnFail();
  for (const [field, binary] of binaries) {
    const filename = options.fileName?.trim() || binary.fileName ||
      `upload.${binary.fileExtension ?? "bin"}`;
    try {
      uploads.push(
        await uploadFile.call(this, i, {
          field,
          binary,
          filename,
          albumId,
        }),
      );
    } catch (error) {
      if (!each) throw error;
      const full = this.getNode().onError !== "continueErrorOutput";
      uploads.push({
        ...failureJson(error as Error, full),
        ...(full ? { binary_field: field, filename } : {}),
      });
    }
  }
  return uploads.length === 1 ? uploads[0] : uploads;
}

/** One binary field's file, sent as the body of `POST /api/uploads`. */
async function uploadFile(
  this: IExecuteFunctions,
  i: number,
  { field, binary, filename, albumId }: {
    field: string;
    binary: IBinaryData;
    filename: string;
    albumId: string | undefined;
  },
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/uploads",
    qs: albumId ? { filename, album_id: albumId } : { filename },
    file: await fileBody.call(this, i, field, binary),
    hints: albumId
      ? ALBUM_HINTS
      : /^image\//i.test(binary.mimeType ?? "")
      ? IMAGE_HINTS
      : undefined,
  });
}

/**
 * n8n's words for an image uploaded without an album, which PM3K refuses
 * (`unsupported_file_type`: "images go into a photo album").
 */
const IMAGE_HINTS = {
  unsupported_file_type:
    "In n8n: an image goes into an album. Put a PM3K Create Album node first (Settings › Execute Once), set this node's Options › Album ID to {{ $('Create album').first().json.album_id }}, then post the album with Post Photos (Images From: Album)",
};

/**
 * n8n's words for an album's image PM3K refuses for its size or format
 * (docs/media.md#photo-mode): at most 1080 px a side and 20 MB, JPEG or
 * WebP. A phone's photo (4000 px, or a PNG screenshot) meets them first;
 * n8n's Edit Image node resizes or converts it before this one.
 */
const RESIZE =
  "In n8n: resize the image before this node, e.g. with an Edit Image node (Operation: Resize, Width and Height 1080, Option: Only if Larger; it needs GraphicsMagick, which n8n's Docker image has)";
const ALBUM_HINTS = {
  image_too_large_px: RESIZE,
  image_too_large: RESIZE,
  unsupported_image_type:
    "In n8n: convert the image to JPEG before this node, e.g. with an Edit Image node (Options › Format: jpeg; it needs GraphicsMagick, which n8n's Docker image has), or give a JPEG or WebP file",
};

/**
 * The media type a file is sent with: its own when it is a video or image
 * type, else `application/octet-stream`, which PM3K reads as "the bytes
 * tell" (docs/api.md#uploads-in-one-request). A download often carries a
 * type that says nothing of the file (`application/binary`,
 * `application/force-download`, `text/plain` from a misconfigured host),
 * which PM3K would refuse as the body's type (415).
 */
export function uploadContentType(mimeType: string | undefined): string {
  const base = (mimeType ?? "").split(";")[0].trim().toLowerCase();
  return /^(video|image)\/[\w.+-]+$/.test(base)
    ? mimeType!.trim()
    : "application/octet-stream";
}

/**
 * The binary as a request body: streamed from n8n's binary store when it
 * lives there (filesystem or S3 mode), so a large video is not held in
 * memory; the bytes themselves in the default memory mode.
 */
async function fileBody(
  this: IExecuteFunctions,
  i: number,
  field: string,
  binary: IBinaryData,
) {
  const contentType = uploadContentType(binary.mimeType);
  if (binary.id) {
    const { fileSize } = await this.helpers.getBinaryMetadata(binary.id);
    const data = await this.helpers.getBinaryStream(binary.id);
    return { data, contentType, length: fileSize };
  }
  const data = await this.helpers.getBinaryDataBuffer(i, field);
  return { data, contentType, length: data.length };
}
