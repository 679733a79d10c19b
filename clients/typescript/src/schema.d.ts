/**
 * Generated from PM3K's OpenAPI document (/api/openapi.json) by
 * openapi-typescript: `deno task client-types` rewrites it, and a test
 * fails when it is stale. Do not edit.
 */
export interface paths {
    "/api/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's live uploads, newest first, paginated
         * @description Completed, unexpired uploads that are not album images (those are listed with their album). Pages as GET /api/jobs does (docs/api.md#list-cursors): `limit` 1 to 100 (50 when left out), and the answer's `cursor` as `?cursor=` for the next page, null at the end.
         */
        get: operations["getApiUploads"];
        put?: never;
        /**
         * Upload a file in one request, or start a presigned upload (PUT the bytes to upload_url, then complete it)
         * @description The request's Content-Type picks the way (docs/api.md#uploads-in-one-request). `application/json`: starts a presigned upload and answers its `upload_url`. A media type (`video/*`, `image/*`, or `application/octet-stream` to let the bytes tell): the body is the file, named by `?filename=` (and put into `?album_id=`); the server streams it to storage, checks it and answers as `/api/uploads/{id}/complete` does. `multipart/form-data`: the same, with the file as the `file` part and `album_id` (if any) as a field before it, or in the query. Chunked bodies (no Content-Length) are fine; a file past the plan's size is cut off there and refused, leaving nothing behind. An `Idempotency-Key` is taken by the JSON start only; with a file in the body it is refused (400 `bad_request`): a streamed file is not kept to compare a retry with.
         */
        post: operations["postApiUploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One upload */
        get: operations["getApiUploadsId"];
        put?: never;
        post?: never;
        /** Delete an upload now (an album image leaves its album); refused while a scheduled or pending post uses it */
        delete: operations["deleteApiUploadsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/from_url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file the server fetches from a public URL
         * @description The server downloads the URL into its storage and answers as `/api/uploads/{id}/complete` does (docs/api.md#uploads-from-a-url). The URL must download the file itself (an S3 presigned link, a file on a CDN…); a Google Drive, Dropbox or OneDrive/SharePoint file share link is fetched in the direct download form its host publishes (`uc?export=download&id=…`, `dl=1`), and a refusal after that names it as `fetched_url` (the answer itself is the upload, unchanged). Redirects are followed and each is checked like the URL itself. Drive's virus scan warning for a large file is confirmed once (its Download anyway form). The bytes tell the type, whatever the source declares; a web page (a share page, a sign-in page) is refused as `unsupported_file_type` saying so. It counts as one upload of the day; posting straight from a verified domain counts none.
         */
        post: operations["postApiUploadsFromUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check what arrived and record it with its public URL */
        post: operations["postApiUploadsIdComplete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/direct_post": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post a video or a photo carousel to TikTok (pulled, or a video file-uploaded), or send it as a draft to the creator's TikTok inbox (post_mode MEDIA_UPLOAD) */
        post: operations["postApiTiktokDirectPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/creator_info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What this TikTok account may post (privacy options, longest video) and who it is (nickname, handle, avatar) */
        get: operations["getApiTiktokCreatorInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/caption/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a caption against the caption rules posting applies (links, stop words and their look-alikes), without posting */
        post: operations["postApiCaptionCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The publish state, from the server's own follow-up of TikTok */
        post: operations["postApiTiktokStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's posts with their state, newest first, paginated */
        get: operations["getApiTiktokPosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/posts/{id}/not_posted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a post whose outcome is unknown as not posted: its video, caption and slot are given back */
        post: operations["postApiTiktokPostsIdNotPosted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiktok/posts/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A post's views, likes, comments and shares on TikTok (public posts only; kept 10 minutes) */
        get: operations["getApiTiktokPostsIdStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's jobs, newest first, paginated */
        get: operations["getApiJobs"];
        put?: never;
        /** Schedule a post (validated like direct_post at once) */
        post: operations["postApiJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job */
        get: operations["getApiJobsId"];
        put?: never;
        post?: never;
        /** Cancel a job that is still scheduled */
        delete: operations["deleteApiJobsId"];
        options?: never;
        head?: never;
        /** Change a scheduled job's run_at and/or caption (checked like a new job) */
        patch: operations["patchApiJobsId"];
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account of this API key */
        get: operations["getApiMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts and uploads left today, when a post is next accepted, status calls left */
        get: operations["getApiLimits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's live albums, newest first, paginated
         * @description Every unexpired album, one with no image yet too (`images: []`, `image_count` 0): it counted as an upload of its day. Pages as GET /api/jobs does (docs/api.md#list-cursors): `limit` 1 to 100 (20 when left out), and the answer's `cursor` as `?cursor=` for the next page, null at the end.
         */
        get: operations["getApiAlbums"];
        put?: never;
        /** Create a Photo Mode album (counts as one upload) */
        post: operations["postApiAlbums"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One album with its photo_images */
        get: operations["getApiAlbumsId"];
        put?: never;
        post?: never;
        /** Delete an album and its images now; refused while a scheduled or pending post uses them */
        delete: operations["deleteApiAlbumsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/album/retain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload only (get link): keep the album for the plan's TTL */
        post: operations["postApiAlbumRetain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's domains */
        get: operations["getApiDomains"];
        put?: never;
        /** Add a domain: put the returned file at its root, then verify */
        post: operations["postApiDomains"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/domains/{domain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a domain */
        delete: operations["deleteApiDomainsDomain"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/domains/{domain}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fetch https://<domain>/pm3k-verify.txt and mark the domain verified */
        post: operations["postApiDomainsDomainVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's webhook URL and signing secret */
        get: operations["getApiWebhook"];
        /** Set the webhook URL (https; private addresses refused) */
        put: operations["putApiWebhook"];
        post?: never;
        /** Remove the webhook */
        delete: operations["deleteApiWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last 50 webhook deliveries */
        get: operations["getApiWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test event to the webhook now */
        post: operations["postApiWebhookTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document (OpenAPI 3.1), generated from the request schemas */
        get: operations["getApiOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiUploads: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        uploads: {
                            upload_id: string;
                            /** @enum {string} */
                            state: "pending" | "complete";
                            /** Format: uri */
                            url: string;
                            filename: string;
                            content_type: string;
                            /** @enum {string} */
                            kind: "video" | "image";
                            size: number | null;
                            etag: string | null;
                            album_id: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            expires_at: string;
                            width?: number;
                            height?: number;
                            rotation?: number;
                            duration_sec?: number | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        cursor: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiUploads: {
        parameters: {
            query?: {
                filename?: string;
                album_id?: string;
            };
            header?: {
                /** @description Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filename: string;
                    content_type: string;
                    size: number;
                    album_id?: string;
                };
                "video/*": string;
                "image/*": string;
                "application/octet-stream": string;
                "multipart/form-data": {
                    album_id?: string;
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        upload_id: string;
                        /**
                         * Format: uri
                         * @description PUT the bytes here with exactly `headers`
                         */
                        upload_url: string;
                        /** @constant */
                        method: "PUT";
                        headers: {
                            [key: string]: string;
                        };
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        /**
                         * Format: uri
                         * @description Where the file will be served if its bytes are of the declared type; nothing is there before completion, which names the file for the type its bytes are: post the url completion answers, not this one (posted before completion, or after a completion that renamed the file, it is refused saying what to do)
                         */
                        url: string;
                        album_id: string | null;
                    } | {
                        /** @constant */
                        ok: true;
                        upload_id: string;
                        /** @enum {string} */
                        state: "pending" | "complete";
                        /** Format: uri */
                        url: string;
                        filename: string;
                        content_type: string;
                        /** @enum {string} */
                        kind: "video" | "image";
                        size: number | null;
                        etag: string | null;
                        album_id: string | null;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        width?: number;
                        height?: number;
                        rotation?: number;
                        duration_sec?: number | null;
                        /** @description True when the album already held an image with the same bytes (a retried upload): nothing was added, and this answer is that image */
                        already_in_album: boolean;
                    };
                };
            };
            /** @description bad_request, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px, too_many_images, upload_expired */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px" | "too_many_images" | "upload_expired";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description unsupported_file_type, unsupported_image_type: what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place */
                        detected_type?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, idempotency_conflict, idempotency_in_progress, conflict */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "idempotency_conflict" | "idempotency_in_progress" | "conflict";
                        message: string;
                        /** @description idempotency_in_progress: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /**
                         * Format: date-time
                         * @description idempotency_in_progress: when the request holding the key can no longer be running: a retry after it with no answer stored runs anew
                         */
                        in_progress_until?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description upload_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "upload_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description upload_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiUploadsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        upload_id: string;
                        /** @enum {string} */
                        state: "pending" | "complete";
                        /** Format: uri */
                        url: string;
                        filename: string;
                        content_type: string;
                        /** @enum {string} */
                        kind: "video" | "image";
                        size: number | null;
                        etag: string | null;
                        album_id: string | null;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        width?: number;
                        height?: number;
                        rotation?: number;
                        duration_sec?: number | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteApiUploadsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @constant */
                        deleted: true;
                        upload_id: string;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiUploadsFromUrl: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description A public URL that downloads the file (an S3 presigned link, a file on a CDN…), or a Google Drive, Dropbox or OneDrive/SharePoint file share link, which is fetched in its direct download form
                     */
                    url: string;
                    /** @description The photo album to add the image to; without one, the file is a video */
                    album_id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        upload_id: string;
                        /** @enum {string} */
                        state: "pending" | "complete";
                        /** Format: uri */
                        url: string;
                        filename: string;
                        content_type: string;
                        /** @enum {string} */
                        kind: "video" | "image";
                        size: number | null;
                        etag: string | null;
                        album_id: string | null;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        width?: number;
                        height?: number;
                        rotation?: number;
                        duration_sec?: number | null;
                        /** @description True when the album already held an image with the same bytes (a retried upload): nothing was added, and this answer is that image */
                        already_in_album: boolean;
                    };
                };
            };
            /** @description bad_request, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px, too_many_images, upload_expired */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px" | "too_many_images" | "upload_expired";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description unsupported_file_type, unsupported_image_type: what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place */
                        detected_type?: string;
                        /**
                         * Format: uri
                         * @description unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px: given a Google Drive, Dropbox or OneDrive/SharePoint share link, the direct download form fetched in its place
                         */
                        fetched_url?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, idempotency_conflict, idempotency_in_progress, conflict */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "idempotency_conflict" | "idempotency_in_progress" | "conflict";
                        message: string;
                        /** @description idempotency_in_progress: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /**
                         * Format: date-time
                         * @description idempotency_in_progress: when the request holding the key can no longer be running: a retry after it with no answer stored runs anew
                         */
                        in_progress_until?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                        /**
                         * Format: uri
                         * @description file_too_large: given a Google Drive, Dropbox or OneDrive/SharePoint share link, the direct download form fetched in its place
                         */
                        fetched_url?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description upload_limit, ingest_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "upload_limit" | "ingest_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description upload_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                        /** @description ingest_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /** @description ingest_limit: how many sources an account may copy at once */
                        max_concurrent?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description proxy_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "proxy_error";
                        message: string;
                        /** @description proxy_error: the source's HTTP status, when it answered other than 2xx */
                        source_status?: number;
                        /**
                         * Format: uri
                         * @description proxy_error: given a Google Drive, Dropbox or OneDrive/SharePoint share link, the direct download form fetched in its place
                         */
                        fetched_url?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description source_too_slow */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "source_too_slow";
                        message: string;
                        /** @description source_too_slow: source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file */
                        reason?: string;
                        /** @description source_too_slow: the bytes of the source received before it was given up */
                        bytes_received?: number;
                        /**
                         * Format: uri
                         * @description source_too_slow: given a Google Drive, Dropbox or OneDrive/SharePoint share link, the direct download form fetched in its place
                         */
                        fetched_url?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiUploadsIdComplete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        upload_id: string;
                        /** @enum {string} */
                        state: "pending" | "complete";
                        /** Format: uri */
                        url: string;
                        filename: string;
                        content_type: string;
                        /** @enum {string} */
                        kind: "video" | "image";
                        size: number | null;
                        etag: string | null;
                        album_id: string | null;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        width?: number;
                        height?: number;
                        rotation?: number;
                        duration_sec?: number | null;
                        /** @description True when the album already held an image with the same bytes (a retried upload): nothing was added, and this answer is that image */
                        already_in_album: boolean;
                    };
                };
            };
            /** @description bad_request, upload_not_received, size_mismatch, upload_expired, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "upload_not_received" | "size_mismatch" | "upload_expired" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description unsupported_file_type, unsupported_image_type: what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place */
                        detected_type?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description upload_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "upload_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description upload_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiTiktokDirectPost: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    media_type?: "VIDEO";
                    /**
                     * Format: uri
                     * @description The video (MP4, MOV or WebM, vertical): the url of one of this account's completed uploads, or a URL on a domain it verified
                     */
                    source_url: string;
                    /** @description The caption: at most 2200 characters (UTF-16 units, as TikTok counts: most emoji are 2); no link, no stop word, and not a caption this account posted in the last 12 months (an empty caption, or one of only spaces or invisible characters, is never a duplicate) */
                    title: string;
                    /**
                     * @description Who can view the post: one of the creator's privacy_level_options (creator_info); left out, the account's default_privacy. Not with post_mode MEDIA_UPLOAD; only SELF_ONLY while the TikTok app is unaudited; branded content cannot be SELF_ONLY
                     * @enum {string}
                     */
                    privacy?: "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
                    /**
                     * @description DIRECT_POST publishes now; MEDIA_UPLOAD sends a draft to the creator's TikTok inbox, to finish in the TikTok app, and takes no privacy, interaction or ad fields (docs/posting.md#drafts)
                     * @default DIRECT_POST
                     * @enum {string}
                     */
                    post_mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
                    /**
                     * @description Turn comments off for this post (off already when the creator disabled them)
                     * @default false
                     */
                    disable_comment?: boolean;
                    /**
                     * @description Turn duets off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_duet?: boolean;
                    /**
                     * @description Turn stitches off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_stitch?: boolean;
                    /**
                     * @description The post promotes a brand, product or service: then set ad_your_brand, ad_branded_content or both
                     * @default false
                     */
                    is_ad?: boolean;
                    /**
                     * @description Promotes the creator's own business (TikTok's brand_organic_toggle)
                     * @default false
                     */
                    ad_your_brand?: boolean;
                    /**
                     * @description Promotes a third party, a paid partnership (TikTok's brand_content_toggle); not with privacy SELF_ONLY
                     * @default false
                     */
                    ad_branded_content?: boolean;
                    /**
                     * @description A brand name, kept with the post (TikTok's API has no field for it)
                     * @default
                     */
                    brand?: string;
                } | {
                    /** @constant */
                    media_type: "PHOTO";
                    /** @description The images in order, 1 to 35 JPEG or WebP (at most 1080 px a side): an album's photo_images, or URLs on a domain the account verified */
                    photo_images?: string[] | null;
                    /**
                     * @description The cover: the index in photo_images, from 0
                     * @default 0
                     */
                    photo_cover_index?: number;
                    /**
                     * @description Let TikTok add music to the photo post
                     * @default true
                     */
                    auto_add_music?: boolean;
                    /** @description The caption: at most 2200 characters (UTF-16 units, as TikTok counts: most emoji are 2); no link, no stop word, and not a caption this account posted in the last 12 months (an empty caption, or one of only spaces or invisible characters, is never a duplicate) */
                    title: string;
                    /**
                     * @description Who can view the post: one of the creator's privacy_level_options (creator_info); left out, the account's default_privacy. Not with post_mode MEDIA_UPLOAD; only SELF_ONLY while the TikTok app is unaudited; branded content cannot be SELF_ONLY
                     * @enum {string}
                     */
                    privacy?: "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
                    /**
                     * @description DIRECT_POST publishes now; MEDIA_UPLOAD sends a draft to the creator's TikTok inbox, to finish in the TikTok app, and takes no privacy, interaction or ad fields (docs/posting.md#drafts)
                     * @default DIRECT_POST
                     * @enum {string}
                     */
                    post_mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
                    /**
                     * @description Turn comments off for this post (off already when the creator disabled them)
                     * @default false
                     */
                    disable_comment?: boolean;
                    /**
                     * @description Turn duets off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_duet?: boolean;
                    /**
                     * @description Turn stitches off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_stitch?: boolean;
                    /**
                     * @description The post promotes a brand, product or service: then set ad_your_brand, ad_branded_content or both
                     * @default false
                     */
                    is_ad?: boolean;
                    /**
                     * @description Promotes the creator's own business (TikTok's brand_organic_toggle)
                     * @default false
                     */
                    ad_your_brand?: boolean;
                    /**
                     * @description Promotes a third party, a paid partnership (TikTok's brand_content_toggle); not with privacy SELF_ONLY
                     * @default false
                     */
                    ad_branded_content?: boolean;
                    /**
                     * @description A brand name, kept with the post (TikTok's API has no field for it)
                     * @default
                     */
                    brand?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        publish_id: string;
                    };
                };
            };
            /** @description bad_request, links_forbidden, forbidden_word, domain_not_verified, too_few_images, too_many_images, cover_out_of_range, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px, content_length_required, video_duplicate, caption_duplicate_account, caption_global_spam, privacy_unaudited_app */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "links_forbidden" | "forbidden_word" | "domain_not_verified" | "too_few_images" | "too_many_images" | "cover_out_of_range" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px" | "content_length_required" | "video_duplicate" | "caption_duplicate_account" | "caption_global_spam" | "privacy_unaudited_app";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request, privacy_unaudited_app: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description domain_not_verified: the host to add and verify */
                        domain?: string;
                        /** @description bad_request: a draft (post_mode MEDIA_UPLOAD) naming fields TikTok's inbox takes no value for: those fields */
                        fields?: string[];
                        /** @description video_duplicate, caption_duplicate_account: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description video_duplicate, caption_duplicate_account: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description video_duplicate, caption_duplicate_account: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                        /** @description video_duplicate, caption_duplicate_account: with job_id: what frees this video or caption from the scheduled post in the way (its media cannot be changed: cancel it; its caption can be changed), naming the REST call and the MCP tool; video_duplicate with post_id alone: until when that post holds the link (12 months after it), and the way to post the video before then (upload the file again: a new upload is a new link; or mark that post not posted if its outcome is unknown); caption_duplicate_account with post_id alone: until when that post holds the caption (12 months after it), and the way to post before then (change the caption; or mark that post not posted if its outcome is unknown) */
                        next_step?: string;
                        /** @description unsupported_file_type, unsupported_image_type: what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place */
                        detected_type?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired, tiktok_reauth_required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired" | "tiktok_reauth_required";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected, tiktok_scope_missing, tiktok_unaudited_private_only, tiktok_active_user_cap */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected" | "tiktok_scope_missing" | "tiktok_unaudited_private_only" | "tiktok_active_user_cap";
                        message: string;
                        /** @description tiktok_scope_missing: the TikTok permission the call needs (a post mode's, or video.list for a post's stats) */
                        missing_scope?: string;
                        /**
                         * Format: date-time
                         * @description tiktok_active_user_cap: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, media_changed, conflict, idempotency_conflict, idempotency_in_progress */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "media_changed" | "conflict" | "idempotency_conflict" | "idempotency_in_progress";
                        message: string;
                        /** @description idempotency_in_progress: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /**
                         * Format: date-time
                         * @description idempotency_in_progress: when the request holding the key can no longer be running: a retry after it with no answer stored runs anew
                         */
                        in_progress_until?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_cooldown, daily_limit, interval_limit, tiktok_rate_limit, tiktok_inbox_full, ingest_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_cooldown" | "daily_limit" | "interval_limit" | "tiktok_rate_limit" | "tiktok_inbox_full" | "ingest_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_cooldown, daily_limit, interval_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                        /** @description tiktok_rate_limit, tiktok_cooldown, ingest_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /** @description ingest_limit: how many sources an account may copy at once */
                        max_concurrent?: number;
                        /** @description interval_limit: the N of the message's 'about N more minutes' */
                        minutes_left?: number;
                        /**
                         * Format: date-time
                         * @description interval_limit: a job's run_at, or a post made now, refused by the calendar: the post or scheduled post less than an hour from it
                         */
                        conflicting_at?: string;
                        /**
                         * Format: date-time
                         * @description interval_limit, daily_limit, tiktok_cooldown: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description interval_limit: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description tiktok_inbox_full: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_inbox_full: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_inbox_full: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_error, proxy_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_error" | "proxy_error";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_error: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_error: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * @description tiktok_error: TikTok did not answer the post's request in time, so it may or may not be posted: it is kept, listed with state unknown (post_id), and its video and caption stay reserved
                         * @constant
                         */
                        outcome?: "unknown";
                        /** @description tiktok_error: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_error: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_error: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                        /** @description proxy_error: the source's HTTP status, when it answered other than 2xx */
                        source_status?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable, tiktok_token_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable" | "tiktok_token_busy";
                        message: string;
                        /** @description database_busy, tiktok_token_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description source_too_slow */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "source_too_slow";
                        message: string;
                        /** @description source_too_slow: source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file */
                        reason?: string;
                        /** @description source_too_slow: the bytes of the source received before it was given up */
                        bytes_received?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiTiktokCreatorInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        available: boolean;
                        creator_nickname: string | null;
                        /** @description The TikTok handle */
                        creator_username: string | null;
                        /** @description TikTok's link to the avatar, valid about 2 hours; empty when TikTok sent none */
                        creator_avatar_url: string | null;
                        /** @description The privacy values a post is accepted with: those the creator offers, narrowed to SELF_ONLY while app_audited is false (docs/posting.md#unaudited-apps) */
                        privacy_level_options: string[];
                        max_video_post_duration_sec: number | null;
                        comment_disabled: boolean;
                        duet_disabled: boolean;
                        stitch_disabled: boolean;
                        /** @description Whether this server's TikTok app passed TikTok's audit; false: only SELF_ONLY posts are accepted (privacy_level_options lists no other), to a private TikTok account (docs/posting.md#unaudited-apps) */
                        app_audited: boolean;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired, tiktok_reauth_required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired" | "tiktok_reauth_required";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_scope_missing, tiktok_active_user_cap */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_scope_missing" | "tiktok_active_user_cap";
                        message: string;
                        /** @description tiktok_scope_missing: the TikTok permission the call needs (a post mode's, or video.list for a post's stats) */
                        missing_scope?: string;
                        /**
                         * Format: date-time
                         * @description tiktok_active_user_cap: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_active_user_cap, tiktok_scope_missing: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_active_user_cap, tiktok_scope_missing: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_active_user_cap, tiktok_scope_missing: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_rate_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_rate_limit";
                        message: string;
                        /** @description tiktok_rate_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_error";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_error: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_error: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /** @description tiktok_error: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_error: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_error: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, tiktok_token_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "tiktok_token_busy";
                        message: string;
                        /** @description database_busy, tiktok_token_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiCaptionCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The caption, as it would be sent as direct_post's title */
                    title: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @description The first caption rule the caption breaks, links first; null when posting would pass the caption rules */
                        problem: {
                            /**
                             * @description The error code posting this caption answers
                             * @enum {string}
                             */
                            code: "links_forbidden" | "forbidden_word";
                            /** @description The message posting this caption answers */
                            message: string;
                        } | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiTiktokStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    publish_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @description The server's id of the post (beyond the contract): as GET /api/tiktok/posts names it, for GET /api/tiktok/posts/{id}/stats */
                        post_id: string;
                        /** @description TikTok's status, e.g. PROCESSING_DOWNLOAD, PUBLISH_COMPLETE, FAILED; SEND_TO_USER_INBOX for a draft in the creator's inbox */
                        status: string;
                        /**
                         * @description done: published, or for a draft (MEDIA_UPLOAD) delivered to the creator's TikTok inbox
                         * @enum {string}
                         */
                        state: "pending" | "done" | "failed";
                        fail_reason: string | null;
                        /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                        fail_message: string | null;
                        /**
                         * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                         * @enum {string}
                         */
                        post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                        /** @description TikTok's last status answer; 19-digit post ids as strings; {} until the server's first status fetch (or event) for this publish */
                        raw: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                         * @enum {string}
                         */
                        source: "PULL_FROM_URL" | "FILE_UPLOAD";
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description rate_limit_status, status_cooldown, hourly_limit_status */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "rate_limit_status" | "status_cooldown" | "hourly_limit_status";
                        message: string;
                        /**
                         * Format: date-time
                         * @description rate_limit_status, hourly_limit_status: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                        /**
                         * Format: date-time
                         * @description hourly_limit_status: when the hour window of /status calls resets
                         */
                        resetAt?: string;
                        /**
                         * @description status_cooldown: /status polling waits for the account's next post
                         * @constant
                         */
                        cooldown?: "until_next_post";
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiTiktokPosts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        posts: {
                            post_id: string;
                            publish_id: string | null;
                            /** @enum {string} */
                            kind: "video" | "photo";
                            /**
                             * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                             * @enum {string}
                             */
                            post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                            title: string;
                            /** @description Who can view the post, the privacy_level sent to TikTok; null for a draft (the creator picks it in TikTok) and for posts made before it was kept */
                            privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                            /**
                             * @description pending: TikTok is processing it; done: published (a draft: in the creator's TikTok inbox); failed: not posted, fail_reason says why; unknown: TikTok did not answer the server's request in time, so whether it was posted is unknown (publish_id null): check the TikTok profile
                             * @enum {string}
                             */
                            state: "pending" | "done" | "failed" | "unknown";
                            status: string | null;
                            fail_reason: string | null;
                            /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                            fail_message: string | null;
                            source_urls: string[];
                            /** @description TikTok's post id once the post is public (publicaly_available_post_id), exact as a string */
                            public_post_id: string | null;
                            /**
                             * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                             * @enum {string}
                             */
                            source: "PULL_FROM_URL" | "FILE_UPLOAD";
                            /** @description The scheduled job that made this post; null for a post made at once */
                            job_id: string | null;
                            /** @description A failed post whose media was posted again, or is scheduled to be: by which post or scheduled post. null for any other post, and for a failed post not posted again (a new upload of the same video file, posted or scheduled, counts as posting it again, though it is not refused as video_duplicate). In the posts lists only */
                            posted_again: {
                                /** @description The newer post with the same media (the same upload, a video of the same bytes from another upload, or the same photos in the same order) that did not fail; null when only a scheduled post will post it */
                                post_id: string | null;
                                /** @description Else the scheduled post (job) that will post this media; null when a post did */
                                job_id: string | null;
                                /** @description When that scheduled post runs */
                                run_at: string | null;
                            } | null;
                            /** @description A post whose state is unknown: from when it may be marked not posted (POST /api/tiktok/posts/{id}/not_posted) if it is not on the TikTok profile; null for any other */
                            not_posted_from: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            updated_at: string;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        cursor: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiTiktokPostsIdNotPosted: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        post: {
                            post_id: string;
                            publish_id: string | null;
                            /** @enum {string} */
                            kind: "video" | "photo";
                            /**
                             * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                             * @enum {string}
                             */
                            post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                            title: string;
                            /** @description Who can view the post, the privacy_level sent to TikTok; null for a draft (the creator picks it in TikTok) and for posts made before it was kept */
                            privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                            /**
                             * @description pending: TikTok is processing it; done: published (a draft: in the creator's TikTok inbox); failed: not posted, fail_reason says why; unknown: TikTok did not answer the server's request in time, so whether it was posted is unknown (publish_id null): check the TikTok profile
                             * @enum {string}
                             */
                            state: "pending" | "done" | "failed" | "unknown";
                            status: string | null;
                            fail_reason: string | null;
                            /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                            fail_message: string | null;
                            source_urls: string[];
                            /** @description TikTok's post id once the post is public (publicaly_available_post_id), exact as a string */
                            public_post_id: string | null;
                            /**
                             * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                             * @enum {string}
                             */
                            source: "PULL_FROM_URL" | "FILE_UPLOAD";
                            /** @description The scheduled job that made this post; null for a post made at once */
                            job_id: string | null;
                            /** @description A failed post whose media was posted again, or is scheduled to be: by which post or scheduled post. null for any other post, and for a failed post not posted again (a new upload of the same video file, posted or scheduled, counts as posting it again, though it is not refused as video_duplicate). In the posts lists only */
                            posted_again: {
                                /** @description The newer post with the same media (the same upload, a video of the same bytes from another upload, or the same photos in the same order) that did not fail; null when only a scheduled post will post it */
                                post_id: string | null;
                                /** @description Else the scheduled post (job) that will post this media; null when a post did */
                                job_id: string | null;
                                /** @description When that scheduled post runs */
                                run_at: string | null;
                            } | null;
                            /** @description A post whose state is unknown: from when it may be marked not posted (POST /api/tiktok/posts/{id}/not_posted) if it is not on the TikTok profile; null for any other */
                            not_posted_from: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /**
                         * Format: date-time
                         * @description conflict: when a post whose outcome is unknown may be marked not posted, if it is still missing from the TikTok profile
                         */
                        not_posted_from?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiTiktokPostsIdStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        post_id: string;
                        /** @description TikTok's post (video) id of a public post, exact as a string, as the posts list gives it (kept when TikTok no longer shows the video); null when the post is not public */
                        public_post_id: string | null;
                        /** @description TikTok's counts; null when it shows none (unavailable says why) */
                        stats: {
                            view_count: number;
                            like_count: number;
                            comment_count: number;
                            share_count: number;
                            /** @description The video's page on TikTok */
                            share_url: string;
                        } | null;
                        /** @description Why there are no counts: a draft, a post not published or not public, or a video TikTok no longer shows; null when stats are given */
                        unavailable: string | null;
                        /** @description When TikTok was asked; counts are kept 10 minutes. null when TikTok was not asked (nothing to show) */
                        fetched_at: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired, tiktok_reauth_required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired" | "tiktok_reauth_required";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_scope_missing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_scope_missing";
                        message: string;
                        /** @description tiktok_scope_missing: the TikTok permission the call needs (a post mode's, or video.list for a post's stats) */
                        missing_scope?: string;
                        /** @description tiktok_scope_missing: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_scope_missing: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_scope_missing: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_rate_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_rate_limit";
                        message: string;
                        /** @description tiktok_rate_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_error";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_error: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_error: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /** @description tiktok_error: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_error: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_error: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, tiktok_token_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "tiktok_token_busy";
                        message: string;
                        /** @description database_busy, tiktok_token_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiJobs: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                state?: "scheduled" | "publishing" | "posted" | "failed" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        jobs: {
                            job_id: string;
                            /** @constant */
                            kind: "tiktok";
                            /** @enum {string} */
                            state: "scheduled" | "publishing" | "posted" | "failed" | "cancelled";
                            /** @description ISO 8601 time, UTC */
                            run_at: string;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            updated_at: string;
                            /** @enum {string} */
                            media_type: "VIDEO" | "PHOTO";
                            /**
                             * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                             * @enum {string}
                             */
                            post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                            title: string;
                            /** @description Who can view the post, as the job names it; null: the account's default privacy when the job runs (none for a draft) */
                            privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                            source_url?: string;
                            photo_images?: string[];
                            publish_id: string | null;
                            posted_at: string | null;
                            publish_status: {
                                status: string;
                                /** @enum {string} */
                                state: "pending" | "done" | "failed";
                                fail_reason: string | null;
                                /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                                fail_message: string | null;
                                /**
                                 * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                                 * @enum {string}
                                 */
                                source: "PULL_FROM_URL" | "FILE_UPLOAD";
                            } | null;
                            error: {
                                code: string;
                                message: string;
                                /** @constant */
                                outcome?: "unknown";
                                post_id?: string;
                            } | null;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        cursor: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description bad_request: a draft (post_mode MEDIA_UPLOAD) naming fields TikTok's inbox takes no value for: those fields */
                        fields?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiJobs: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    media_type?: "VIDEO";
                    /**
                     * Format: uri
                     * @description The video (MP4, MOV or WebM, vertical): the url of one of this account's completed uploads, or a URL on a domain it verified
                     */
                    source_url: string;
                    /** @description The caption: at most 2200 characters (UTF-16 units, as TikTok counts: most emoji are 2); no link, no stop word, and not a caption this account posted in the last 12 months (an empty caption, or one of only spaces or invisible characters, is never a duplicate) */
                    title: string;
                    /**
                     * @description Who can view the post: one of the creator's privacy_level_options (creator_info); left out, the account's default_privacy. Not with post_mode MEDIA_UPLOAD; only SELF_ONLY while the TikTok app is unaudited; branded content cannot be SELF_ONLY
                     * @enum {string}
                     */
                    privacy?: "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
                    /**
                     * @description DIRECT_POST publishes now; MEDIA_UPLOAD sends a draft to the creator's TikTok inbox, to finish in the TikTok app, and takes no privacy, interaction or ad fields (docs/posting.md#drafts)
                     * @default DIRECT_POST
                     * @enum {string}
                     */
                    post_mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
                    /**
                     * @description Turn comments off for this post (off already when the creator disabled them)
                     * @default false
                     */
                    disable_comment?: boolean;
                    /**
                     * @description Turn duets off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_duet?: boolean;
                    /**
                     * @description Turn stitches off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_stitch?: boolean;
                    /**
                     * @description The post promotes a brand, product or service: then set ad_your_brand, ad_branded_content or both
                     * @default false
                     */
                    is_ad?: boolean;
                    /**
                     * @description Promotes the creator's own business (TikTok's brand_organic_toggle)
                     * @default false
                     */
                    ad_your_brand?: boolean;
                    /**
                     * @description Promotes a third party, a paid partnership (TikTok's brand_content_toggle); not with privacy SELF_ONLY
                     * @default false
                     */
                    ad_branded_content?: boolean;
                    /**
                     * @description A brand name, kept with the post (TikTok's API has no field for it)
                     * @default
                     */
                    brand?: string;
                    /** @constant */
                    kind: "tiktok";
                    /**
                     * Format: date-time
                     * @description When to post: ISO 8601 with a zone, the poster's UTC offset or Z, e.g. 2026-12-05T09:00:00+01:00 for 9:00 at UTC+1 (2026-12-05T08:00:00Z); answered in UTC
                     */
                    run_at: string;
                    /**
                     * @description When the account's limits refuse run_at (1 post an hour, 10 a day, TikTok's cooldown or daily caps): fail (the default) answers the refusal with next_free_at; next_free schedules at the first free time after run_at instead, and the answer's requested_run_at keeps the time asked for
                     * @enum {string}
                     */
                    if_taken?: "fail" | "next_free";
                } | {
                    /** @constant */
                    media_type: "PHOTO";
                    /** @description The images in order, 1 to 35 JPEG or WebP (at most 1080 px a side): an album's photo_images, or URLs on a domain the account verified */
                    photo_images?: string[] | null;
                    /**
                     * @description The cover: the index in photo_images, from 0
                     * @default 0
                     */
                    photo_cover_index?: number;
                    /**
                     * @description Let TikTok add music to the photo post
                     * @default true
                     */
                    auto_add_music?: boolean;
                    /** @description The caption: at most 2200 characters (UTF-16 units, as TikTok counts: most emoji are 2); no link, no stop word, and not a caption this account posted in the last 12 months (an empty caption, or one of only spaces or invisible characters, is never a duplicate) */
                    title: string;
                    /**
                     * @description Who can view the post: one of the creator's privacy_level_options (creator_info); left out, the account's default_privacy. Not with post_mode MEDIA_UPLOAD; only SELF_ONLY while the TikTok app is unaudited; branded content cannot be SELF_ONLY
                     * @enum {string}
                     */
                    privacy?: "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
                    /**
                     * @description DIRECT_POST publishes now; MEDIA_UPLOAD sends a draft to the creator's TikTok inbox, to finish in the TikTok app, and takes no privacy, interaction or ad fields (docs/posting.md#drafts)
                     * @default DIRECT_POST
                     * @enum {string}
                     */
                    post_mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
                    /**
                     * @description Turn comments off for this post (off already when the creator disabled them)
                     * @default false
                     */
                    disable_comment?: boolean;
                    /**
                     * @description Turn duets off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_duet?: boolean;
                    /**
                     * @description Turn stitches off for this post (videos; off already when the creator disabled them)
                     * @default false
                     */
                    disable_stitch?: boolean;
                    /**
                     * @description The post promotes a brand, product or service: then set ad_your_brand, ad_branded_content or both
                     * @default false
                     */
                    is_ad?: boolean;
                    /**
                     * @description Promotes the creator's own business (TikTok's brand_organic_toggle)
                     * @default false
                     */
                    ad_your_brand?: boolean;
                    /**
                     * @description Promotes a third party, a paid partnership (TikTok's brand_content_toggle); not with privacy SELF_ONLY
                     * @default false
                     */
                    ad_branded_content?: boolean;
                    /**
                     * @description A brand name, kept with the post (TikTok's API has no field for it)
                     * @default
                     */
                    brand?: string;
                    /** @constant */
                    kind: "tiktok";
                    /**
                     * Format: date-time
                     * @description When to post: ISO 8601 with a zone, the poster's UTC offset or Z, e.g. 2026-12-05T09:00:00+01:00 for 9:00 at UTC+1 (2026-12-05T08:00:00Z); answered in UTC
                     */
                    run_at: string;
                    /**
                     * @description When the account's limits refuse run_at (1 post an hour, 10 a day, TikTok's cooldown or daily caps): fail (the default) answers the refusal with next_free_at; next_free schedules at the first free time after run_at instead, and the answer's requested_run_at keeps the time asked for
                     * @enum {string}
                     */
                    if_taken?: "fail" | "next_free";
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        job_id: string;
                        /** @description ISO 8601 time, UTC */
                        run_at: string;
                        /** @constant */
                        state: "scheduled";
                        /** @description Only when if_taken "next_free" moved the job: the run_at asked for (run_at is when it will post) */
                        requested_run_at?: string;
                    };
                };
            };
            /** @description bad_request, links_forbidden, forbidden_word, domain_not_verified, too_few_images, too_many_images, cover_out_of_range, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px, content_length_required, video_duplicate, caption_duplicate_account, caption_global_spam, privacy_unaudited_app */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "links_forbidden" | "forbidden_word" | "domain_not_verified" | "too_few_images" | "too_many_images" | "cover_out_of_range" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px" | "content_length_required" | "video_duplicate" | "caption_duplicate_account" | "caption_global_spam" | "privacy_unaudited_app";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request, privacy_unaudited_app: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description domain_not_verified: the host to add and verify */
                        domain?: string;
                        /** @description bad_request: a draft (post_mode MEDIA_UPLOAD) naming fields TikTok's inbox takes no value for: those fields */
                        fields?: string[];
                        /** @description video_duplicate, caption_duplicate_account: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description video_duplicate, caption_duplicate_account: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description video_duplicate, caption_duplicate_account: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                        /** @description video_duplicate, caption_duplicate_account: with job_id: what frees this video or caption from the scheduled post in the way (its media cannot be changed: cancel it; its caption can be changed), naming the REST call and the MCP tool; video_duplicate with post_id alone: until when that post holds the link (12 months after it), and the way to post the video before then (upload the file again: a new upload is a new link; or mark that post not posted if its outcome is unknown); caption_duplicate_account with post_id alone: until when that post holds the caption (12 months after it), and the way to post before then (change the caption; or mark that post not posted if its outcome is unknown) */
                        next_step?: string;
                        /** @description unsupported_file_type, unsupported_image_type: what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place */
                        detected_type?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired, tiktok_reauth_required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired" | "tiktok_reauth_required";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected, tiktok_scope_missing, tiktok_unaudited_private_only, tiktok_active_user_cap */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected" | "tiktok_scope_missing" | "tiktok_unaudited_private_only" | "tiktok_active_user_cap";
                        message: string;
                        /** @description tiktok_scope_missing: the TikTok permission the call needs (a post mode's, or video.list for a post's stats) */
                        missing_scope?: string;
                        /**
                         * Format: date-time
                         * @description tiktok_active_user_cap: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, media_changed, conflict, idempotency_conflict, idempotency_in_progress */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "media_changed" | "conflict" | "idempotency_conflict" | "idempotency_in_progress";
                        message: string;
                        /** @description idempotency_in_progress: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /**
                         * Format: date-time
                         * @description idempotency_in_progress: when the request holding the key can no longer be running: a retry after it with no answer stored runs anew
                         */
                        in_progress_until?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_cooldown, daily_limit, interval_limit, tiktok_rate_limit, tiktok_inbox_full, ingest_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_cooldown" | "daily_limit" | "interval_limit" | "tiktok_rate_limit" | "tiktok_inbox_full" | "ingest_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_cooldown, daily_limit, interval_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                        /** @description tiktok_rate_limit, tiktok_cooldown, ingest_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /** @description ingest_limit: how many sources an account may copy at once */
                        max_concurrent?: number;
                        /** @description interval_limit: the N of the message's 'about N more minutes' */
                        minutes_left?: number;
                        /**
                         * Format: date-time
                         * @description interval_limit: a job's run_at, or a post made now, refused by the calendar: the post or scheduled post less than an hour from it
                         */
                        conflicting_at?: string;
                        /**
                         * Format: date-time
                         * @description interval_limit, daily_limit, tiktok_cooldown: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description interval_limit: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description tiktok_inbox_full: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_inbox_full: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_inbox_full: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_error, proxy_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_error" | "proxy_error";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_error: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_error: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /** @description tiktok_error: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_error: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_error: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                        /** @description proxy_error: the source's HTTP status, when it answered other than 2xx */
                        source_status?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable, tiktok_token_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable" | "tiktok_token_busy";
                        message: string;
                        /** @description database_busy, tiktok_token_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description source_too_slow */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "source_too_slow";
                        message: string;
                        /** @description source_too_slow: source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file */
                        reason?: string;
                        /** @description source_too_slow: the bytes of the source received before it was given up */
                        bytes_received?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiJobsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        job_id: string;
                        /** @constant */
                        kind: "tiktok";
                        /** @enum {string} */
                        state: "scheduled" | "publishing" | "posted" | "failed" | "cancelled";
                        /** @description ISO 8601 time, UTC */
                        run_at: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        updated_at: string;
                        /** @enum {string} */
                        media_type: "VIDEO" | "PHOTO";
                        /**
                         * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                         * @enum {string}
                         */
                        post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                        title: string;
                        /** @description Who can view the post, as the job names it; null: the account's default privacy when the job runs (none for a draft) */
                        privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                        source_url?: string;
                        photo_images?: string[];
                        publish_id: string | null;
                        posted_at: string | null;
                        publish_status: {
                            status: string;
                            /** @enum {string} */
                            state: "pending" | "done" | "failed";
                            fail_reason: string | null;
                            /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                            fail_message: string | null;
                            /**
                             * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                             * @enum {string}
                             */
                            source: "PULL_FROM_URL" | "FILE_UPLOAD";
                        } | null;
                        error: {
                            code: string;
                            message: string;
                            /** @constant */
                            outcome?: "unknown";
                            post_id?: string;
                        } | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteApiJobsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        job_id: string;
                        /** @constant */
                        kind: "tiktok";
                        /** @enum {string} */
                        state: "scheduled" | "publishing" | "posted" | "failed" | "cancelled";
                        /** @description ISO 8601 time, UTC */
                        run_at: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        updated_at: string;
                        /** @enum {string} */
                        media_type: "VIDEO" | "PHOTO";
                        /**
                         * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                         * @enum {string}
                         */
                        post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                        title: string;
                        /** @description Who can view the post, as the job names it; null: the account's default privacy when the job runs (none for a draft) */
                        privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                        source_url?: string;
                        photo_images?: string[];
                        publish_id: string | null;
                        posted_at: string | null;
                        publish_status: {
                            status: string;
                            /** @enum {string} */
                            state: "pending" | "done" | "failed";
                            fail_reason: string | null;
                            /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                            fail_message: string | null;
                            /**
                             * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                             * @enum {string}
                             */
                            source: "PULL_FROM_URL" | "FILE_UPLOAD";
                        } | null;
                        error: {
                            code: string;
                            message: string;
                            /** @constant */
                            outcome?: "unknown";
                            post_id?: string;
                        } | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the job's state, which no longer allows the change */
                        state?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    patchApiJobsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description The new run time, ISO 8601 with a zone
                     */
                    run_at?: string;
                    /** @description The new caption */
                    title?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        job_id: string;
                        /** @constant */
                        kind: "tiktok";
                        /** @enum {string} */
                        state: "scheduled" | "publishing" | "posted" | "failed" | "cancelled";
                        /** @description ISO 8601 time, UTC */
                        run_at: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        updated_at: string;
                        /** @enum {string} */
                        media_type: "VIDEO" | "PHOTO";
                        /**
                         * @description DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)
                         * @enum {string}
                         */
                        post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
                        title: string;
                        /** @description Who can view the post, as the job names it; null: the account's default privacy when the job runs (none for a draft) */
                        privacy: ("PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY") | null;
                        source_url?: string;
                        photo_images?: string[];
                        publish_id: string | null;
                        posted_at: string | null;
                        publish_status: {
                            status: string;
                            /** @enum {string} */
                            state: "pending" | "done" | "failed";
                            fail_reason: string | null;
                            /** @description fail_reason as a sentence for people, to show or log as the error (beside the contract's fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null */
                            fail_message: string | null;
                            /**
                             * @description How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks
                             * @enum {string}
                             */
                            source: "PULL_FROM_URL" | "FILE_UPLOAD";
                        } | null;
                        error: {
                            code: string;
                            message: string;
                            /** @constant */
                            outcome?: "unknown";
                            post_id?: string;
                        } | null;
                    };
                };
            };
            /** @description bad_request, links_forbidden, forbidden_word, domain_not_verified, too_few_images, too_many_images, cover_out_of_range, unsupported_file_type, unsupported_image_type, image_too_large, image_too_large_px, content_length_required, video_duplicate, caption_duplicate_account, caption_global_spam, privacy_unaudited_app */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "links_forbidden" | "forbidden_word" | "domain_not_verified" | "too_few_images" | "too_many_images" | "cover_out_of_range" | "unsupported_file_type" | "unsupported_image_type" | "image_too_large" | "image_too_large_px" | "content_length_required" | "video_duplicate" | "caption_duplicate_account" | "caption_global_spam" | "privacy_unaudited_app";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request, privacy_unaudited_app: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description domain_not_verified: the host to add and verify */
                        domain?: string;
                        /** @description video_duplicate, caption_duplicate_account: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description video_duplicate, caption_duplicate_account: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description video_duplicate, caption_duplicate_account: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                        /** @description video_duplicate, caption_duplicate_account: with job_id: what frees this video or caption from the scheduled post in the way (its media cannot be changed: cancel it; its caption can be changed), naming the REST call and the MCP tool; video_duplicate with post_id alone: until when that post holds the link (12 months after it), and the way to post the video before then (upload the file again: a new upload is a new link; or mark that post not posted if its outcome is unknown); caption_duplicate_account with post_id alone: until when that post holds the caption (12 months after it), and the way to post before then (change the caption; or mark that post not posted if its outcome is unknown) */
                        next_step?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired, tiktok_reauth_required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired" | "tiktok_reauth_required";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected, tiktok_scope_missing, tiktok_unaudited_private_only, tiktok_active_user_cap */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected" | "tiktok_scope_missing" | "tiktok_unaudited_private_only" | "tiktok_active_user_cap";
                        message: string;
                        /** @description tiktok_scope_missing: the TikTok permission the call needs (a post mode's, or video.list for a post's stats) */
                        missing_scope?: string;
                        /**
                         * Format: date-time
                         * @description tiktok_active_user_cap: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_unaudited_private_only, tiktok_active_user_cap, tiktok_scope_missing: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, media_changed, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "media_changed" | "conflict";
                        message: string;
                        /** @description conflict: the job's state, which no longer allows the change */
                        state?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large, file_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large" | "file_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_cooldown, daily_limit, interval_limit, tiktok_rate_limit, tiktok_inbox_full, ingest_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_cooldown" | "daily_limit" | "interval_limit" | "tiktok_rate_limit" | "tiktok_inbox_full" | "ingest_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_cooldown, daily_limit, interval_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                        /** @description tiktok_rate_limit, tiktok_cooldown, ingest_limit: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /** @description ingest_limit: how many sources an account may copy at once */
                        max_concurrent?: number;
                        /** @description interval_limit: the N of the message's 'about N more minutes' */
                        minutes_left?: number;
                        /**
                         * Format: date-time
                         * @description interval_limit: a job's run_at, or a post made now, refused by the calendar: the post or scheduled post less than an hour from it
                         */
                        conflicting_at?: string;
                        /**
                         * Format: date-time
                         * @description interval_limit, daily_limit, tiktok_cooldown: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description interval_limit: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description tiktok_inbox_full: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_inbox_full: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_inbox_full: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description tiktok_error, proxy_error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "tiktok_error" | "proxy_error";
                        message: string;
                        /**
                         * Format: date-time
                         * @description tiktok_error: a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute
                         */
                        next_free_at?: string;
                        /** @description tiktok_error: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /** @description tiktok_error: TikTok's error code */
                        tiktok_code?: string;
                        /** @description tiktok_error: TikTok's log_id */
                        log_id?: string | null;
                        /** @description tiktok_error: TikTok's HTTP status (null when it did not answer) */
                        tiktok_http_status?: number | null;
                        /** @description proxy_error: the source's HTTP status, when it answered other than 2xx */
                        source_status?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy, storage_unavailable, tiktok_token_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy" | "storage_unavailable" | "tiktok_token_busy";
                        message: string;
                        /** @description database_busy, tiktok_token_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description source_too_slow */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "source_too_slow";
                        message: string;
                        /** @description source_too_slow: source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file */
                        reason?: string;
                        /** @description source_too_slow: the bytes of the source received before it was given up */
                        bytes_received?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        open_id: string;
                        display_name: string;
                        plan: ("free" | "monthly" | "annual") | null;
                        /** @description When this API key expires (ISO 8601, UTC); null: never */
                        key_expires_at: string | null;
                        /**
                         * @description Who can view a post or job that names no privacy (set in the dashboard's settings)
                         * @enum {string}
                         */
                        default_privacy: "PUBLIC_TO_EVERYONE" | "MUTUAL_FOLLOW_FRIENDS" | "FOLLOWER_OF_CREATOR" | "SELF_ONLY";
                        /** @description The TikTok permissions the creator granted at sign-in: video.publish posts directly, video.upload sends to TikTok's drafts, video.list reads published posts' counts */
                        tiktok_scopes: string[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiLimits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @description Posts left in the rolling 24 hours (10 a day per TikTok account) */
                        posts_left_today: number;
                        /** @description Uploads left on the plan until 00:00 UTC (an album counts as one) */
                        uploads_left_today: number;
                        /** @description The earliest time a post is accepted and a job's run_at fits (now when open); ISO 8601, UTC */
                        next_post_at: string;
                        /** @description /status calls left in this minute window */
                        status_calls_left_minute: number;
                        /** @description /status calls left in this hour window (0 while waiting for a post) */
                        status_calls_left_hour: number;
                        /** @description End of the TikTok cooldown (after TikTok's HTTP 429), ISO 8601, UTC; null when none */
                        cooldown_until: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiAlbums: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        albums: {
                            album_id: string;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            expires_at: string;
                            retained: boolean;
                            image_count: number;
                            pending_count: number;
                            photo_images: string[];
                            images: {
                                upload_id: string;
                                /** @enum {string} */
                                state: "pending" | "complete";
                                /** Format: uri */
                                url: string;
                                filename: string;
                                content_type: string;
                                /** @enum {string} */
                                kind: "video" | "image";
                                size: number | null;
                                etag: string | null;
                                album_id: string | null;
                                /** @description ISO 8601 time, UTC */
                                created_at: string;
                                /** @description ISO 8601 time, UTC */
                                expires_at: string;
                                width?: number;
                                height?: number;
                                rotation?: number;
                                duration_sec?: number | null;
                            }[];
                        }[];
                        /** @description Pass as ?cursor= for the next page; null at the end */
                        cursor: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiAlbums: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        album_id: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        retained: boolean;
                        image_count: number;
                        pending_count: number;
                        photo_images: string[];
                        images: {
                            upload_id: string;
                            /** @enum {string} */
                            state: "pending" | "complete";
                            /** Format: uri */
                            url: string;
                            filename: string;
                            content_type: string;
                            /** @enum {string} */
                            kind: "video" | "image";
                            size: number | null;
                            etag: string | null;
                            album_id: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            expires_at: string;
                            width?: number;
                            height?: number;
                            rotation?: number;
                            duration_sec?: number | null;
                        }[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, idempotency_conflict, idempotency_in_progress, conflict */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "idempotency_conflict" | "idempotency_in_progress" | "conflict";
                        message: string;
                        /** @description idempotency_in_progress: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                        /**
                         * Format: date-time
                         * @description idempotency_in_progress: when the request holding the key can no longer be running: a retry after it with no answer stored runs anew
                         */
                        in_progress_until?: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description upload_limit */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "upload_limit";
                        message: string;
                        /**
                         * Format: date-time
                         * @description upload_limit: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiAlbumsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        album_id: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        retained: boolean;
                        image_count: number;
                        pending_count: number;
                        photo_images: string[];
                        images: {
                            upload_id: string;
                            /** @enum {string} */
                            state: "pending" | "complete";
                            /** Format: uri */
                            url: string;
                            filename: string;
                            content_type: string;
                            /** @enum {string} */
                            kind: "video" | "image";
                            size: number | null;
                            etag: string | null;
                            album_id: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            expires_at: string;
                            width?: number;
                            height?: number;
                            rotation?: number;
                            duration_sec?: number | null;
                        }[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteApiAlbumsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @constant */
                        deleted: true;
                        album_id: string;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiAlbumRetain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    album_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        album_id: string;
                        /** @description ISO 8601 time, UTC */
                        created_at: string;
                        /** @description ISO 8601 time, UTC */
                        expires_at: string;
                        retained: boolean;
                        image_count: number;
                        pending_count: number;
                        photo_images: string[];
                        images: {
                            upload_id: string;
                            /** @enum {string} */
                            state: "pending" | "complete";
                            /** Format: uri */
                            url: string;
                            filename: string;
                            content_type: string;
                            /** @enum {string} */
                            kind: "video" | "image";
                            size: number | null;
                            etag: string | null;
                            album_id: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                            /** @description ISO 8601 time, UTC */
                            expires_at: string;
                            width?: number;
                            height?: number;
                            rotation?: number;
                            duration_sec?: number | null;
                        }[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiDomains: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        domains: {
                            domain: string;
                            verified: boolean;
                            verified_at: string | null;
                            token: string;
                            /** @constant */
                            file_name: "pm3k-verify.txt";
                            file_content: string;
                            /** Format: uri */
                            file_url: string;
                            last_error: string | null;
                            last_checked_at: string | null;
                        }[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiDomains: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    domain: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        domain: string;
                        verified: boolean;
                        verified_at: string | null;
                        token: string;
                        /** @constant */
                        file_name: "pm3k-verify.txt";
                        file_content: string;
                        /** Format: uri */
                        file_url: string;
                        last_error: string | null;
                        last_checked_at: string | null;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteApiDomainsDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                domain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        /** @constant */
                        deleted: true;
                        domain: string;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiDomainsDomainVerify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                domain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        domain: string;
                        verified: boolean;
                        verified_at: string | null;
                        token: string;
                        /** @constant */
                        file_name: "pm3k-verify.txt";
                        file_content: string;
                        /** Format: uri */
                        file_url: string;
                        last_error: string | null;
                        last_checked_at: string | null;
                    };
                };
            };
            /** @description bad_request, domain_verification_failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request" | "domain_verification_failed";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                        /** @description domain_verification_failed: the host to add and verify */
                        domain?: string;
                        /** @description domain_verification_failed: source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file */
                        reason?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        url: string | null;
                        /** @description Signs deliveries: PM3K-Signature t=..,v1=HMAC-SHA256(secret, t.body) */
                        secret: string | null;
                        events: string[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    putApiWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        url: string | null;
                        /** @description Signs deliveries: PM3K-Signature t=..,v1=HMAC-SHA256(secret, t.body) */
                        secret: string | null;
                        events: string[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched, conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched" | "conflict";
                        message: string;
                        /** @description conflict: the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption */
                        job_id?: string;
                        /** @description conflict: media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption */
                        post_id?: string;
                        /**
                         * Format: date-time
                         * @description conflict: the run time of the scheduled post in the way: using media being deleted, or already having this video or caption
                         */
                        run_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteApiWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        url: string | null;
                        /** @description Signs deliveries: PM3K-Signature t=..,v1=HMAC-SHA256(secret, t.body) */
                        secret: string | null;
                        events: string[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        deliveries: {
                            id: string;
                            event: string;
                            /** @enum {string} */
                            state: "pending" | "delivered" | "failed";
                            attempts: number;
                            last_status_code: number | null;
                            last_error: string | null;
                            next_attempt_at: string | null;
                            /** @description ISO 8601 time, UTC */
                            created_at: string;
                        }[];
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    postApiWebhookTest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                        delivery_id: string;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unauthorized, key_expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unauthorized" | "key_expired";
                        message: string;
                        /**
                         * Format: date-time
                         * @description key_expired: when the API key expired
                         */
                        expired_at?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description csrf_rejected */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "csrf_rejected";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "not_found";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description account_switched */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "account_switched";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description payload_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "payload_too_large";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description unsupported_media_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "unsupported_media_type";
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "rate_limited";
                        message: string;
                        /**
                         * Format: date-time
                         * @description rate_limited: when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar
                         */
                        retry_after?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getApiOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "bad_request";
                        message: string;
                        /** @description bad_request: each schema error or unknown field */
                        issues?: {
                            path: string;
                            message: string;
                        }[];
                        /** @description bad_request: the privacy values the creator may use */
                        allowed_privacy?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description internal_error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "internal_error";
                        message: string;
                        /** @description internal_error: the request's id (X-Request-Id), for support */
                        request_id?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description database_busy */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the error says when. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: false;
                        /** @enum {string} */
                        error: "database_busy";
                        message: string;
                        /** @description database_busy: seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed */
                        retry_after_seconds?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
}
