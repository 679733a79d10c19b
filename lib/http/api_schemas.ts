/**
 * zod schemas of the API's request bodies (one per input).
 * @module
 */
import { z } from "zod";

export const CreateUploadBody = z.object({
  filename: z.string().trim().min(1).max(255),
  content_type: z.string().trim().min(1).max(100),
  size: z.number().int().positive(),
  album_id: z.string().min(1).max(64).optional(),
});

export const AlbumRetainBody = z.object({
  album_id: z.string().min(1).max(64),
});

export const CreateDomainBody = z.object({
  domain: z.string().trim().min(1).max(253),
});
