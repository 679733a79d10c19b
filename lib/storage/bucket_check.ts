/**
 * Checks a configured bucket the way PM3K will use it, end to end: signed
 * PUT/HEAD/ranged GET/DELETE, a streamed PUT framed by its length, a
 * multipart upload, a move inside the bucket (CopyObject, as completing an
 * upload does), a paged listing (as the orphan sweep makes), a presigned
 * PUT as the dashboard sends it (and one the
 * bucket must refuse), the CORS preflight the browser makes from the site,
 * and the unsigned public read TikTok makes of FILES_BASE_URL. Each check
 * says what failed and what to fix; everything written is deleted again.
 * Run by `deno task storage-check` against AWS S3, R2 or MinIO.
 * @module
 */
import { StorageError } from "./object_storage.ts";
import type { ObjectStorage, PresignedPut } from "./object_storage.ts";
import { PART_SIZE } from "./s3_storage.ts";

export interface BucketCheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface BucketCheckOptions {
  storage: ObjectStorage;
  /** The dashboard's origin (PUBLIC_BASE_URL), for the CORS preflight. */
  siteOrigin: string;
  /** Folder for the test objects; a fresh one per run. */
  prefix: string;
  fetch?: typeof fetch;
  now?: () => number;
}

const encoder = new TextEncoder();

function streamOf(bytes: Uint8Array, chunk = 256 * 1024) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) {
        controller.enqueue(bytes.subarray(i, i + chunk));
      }
      controller.close();
    },
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Runs every check in order; later checks still run after a failure. */
export async function checkBucket(
  options: BucketCheckOptions,
): Promise<BucketCheckResult[]> {
  const { storage } = options;
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const results: BucketCheckResult[] = [];
  const written = new Set<string>();
  const key = (name: string) => {
    const k = `${options.prefix}/${name}`;
    written.add(k);
    return k;
  };
  const check = async (name: string, run: () => Promise<string>) => {
    try {
      results.push({ name, ok: true, detail: await run() });
    } catch (error) {
      results.push({ name, ok: false, detail: failureDetail(error) });
    }
  };
  const expect = (ok: boolean, message: string) => {
    if (!ok) throw new Error(message);
  };

  const small = encoder.encode("pm3k storage check: 0123456789");
  const smallKey = key("small.txt");
  let smallStored = false;
  try {
    await check("signed PUT of a small object", async () => {
      const info = await storage.put(smallKey, small, {
        contentType: "text/plain",
      });
      smallStored = true;
      return `ETag ${info.etag}`;
    });
    await check("HEAD gives its size and Content-Type", async () => {
      const head = await storage.head(smallKey);
      expect(head !== null, "HEAD answered 404 for the object just written");
      expect(head!.size === small.length, `size ${head!.size}`);
      expect(head!.contentType === "text/plain", head!.contentType);
      return `${head!.size} bytes, ${head!.contentType}`;
    });
    await check("ranged GET (bytes=20-29)", async () => {
      const part = await storage.get(smallKey, { start: 20, end: 29 });
      expect(part !== null, "GET answered 404");
      const text = await new Response(part!.body).text();
      expect(text === "0123456789", `got ${JSON.stringify(text)}`);
      expect(part!.range?.start === 20, "no Content-Range in the answer");
      return "Content-Range honoured";
    });
    await check("streamed PUT framed by its Content-Length", async () => {
      const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      const info = await storage.put(key("streamed.bin"), streamOf(bytes), {
        contentType: "video/mp4",
        contentLength: bytes.length,
      });
      expect(info.size === bytes.length, `size ${info.size}`);
      const head = await storage.head(key("streamed.bin"));
      expect(head?.size === bytes.length, `stored size ${head?.size}`);
      return `${bytes.length} bytes in one PUT`;
    });
    await check("multipart upload of a stream of unknown length", async () => {
      const bytes = new Uint8Array(PART_SIZE + 1024 * 1024).map((_, i) =>
        i % 241
      );
      await storage.put(key("multipart.bin"), streamOf(bytes), {
        contentType: "video/mp4",
      });
      const tail = await storage.get(key("multipart.bin"), {
        start: bytes.length - 16,
      });
      expect(tail !== null, "GET answered 404 for the object just written");
      const got = new Uint8Array(await new Response(tail!.body).arrayBuffer());
      expect(sameBytes(got, bytes.subarray(-16)), "the last bytes differ");
      return `${bytes.length} bytes in 2 parts`;
    });
    const moved = key("moved.txt");
    await check(
      "move inside the bucket (CopyObject, then DELETE)",
      async () => {
        const from = key("to-move.txt");
        await storage.put(from, small, { contentType: "text/plain" });
        // With a new Content-Type, as completion names a file for its bytes.
        expect(
          await storage.move(from, moved, { contentType: "text/markdown" }),
          "the object to move was gone",
        );
        expect(await storage.head(from) === null, `${from} is still there`);
        expect(
          (await storage.head(moved))?.contentType === "text/markdown",
          "the moved object did not take its new Content-Type",
        );
        const got = await storage.get(moved);
        expect(got !== null, "GET answered 404 for the moved object");
        const bytes = new Uint8Array(
          await new Response(got!.body).arrayBuffer(),
        );
        expect(sameBytes(bytes, small), "the moved object holds other bytes");
        return "copied inside the bucket";
      },
    );
    await check("list a folder page by page (ListObjectsV2)", async () => {
      const found: string[] = [];
      try {
        for await (
          const o of storage.list(`${options.prefix}/`, { pageSize: 2 })
        ) found.push(o.key);
      } catch (error) {
        // Only a refusal is the missing permission; a bucket that is not
        // there or not answering is said as every other check says it.
        if (!refused(error)) throw error;
        throw new Error(
          `${
            (error as Error).message
          }: allow s3:ListBucket, PM3K's orphan sweep lists the upload folders`,
        );
      }
      expect(
        found.includes(smallKey) && found.includes(moved),
        `the listing missed objects just written: ${found.join(", ")}`,
      );
      expect(
        found.every((k, i) => i === 0 || found[i - 1] < k),
        `the listing is not in key order: ${found.join(", ")}`,
      );
      return `${found.length} objects`;
    });
    let presigned: PresignedPut | null = null;
    await check("presign a PUT for the dashboard", async () => {
      presigned = await storage.presignPut(key("browser.mp4"), {
        contentType: "video/mp4",
        maxBytes: 5,
        expiresInSeconds: 600,
        now: now(),
      });
      return `valid for 600 s`;
    });
    const signed = (): PresignedPut => {
      if (!presigned) throw new Error("no presigned URL (see above)");
      return presigned;
    };
    await check(
      "CORS preflight from the site for the presigned PUT",
      async () => {
        const res = await fetchImpl(signed().url, {
          method: "OPTIONS",
          headers: {
            Origin: options.siteOrigin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
          },
        });
        await res.body?.cancel();
        const allowed = res.headers.get("access-control-allow-origin");
        expect(
          res.ok && (allowed === options.siteOrigin || allowed === "*"),
          `the bucket answered ${res.status} without allowing ${options.siteOrigin}: add the CORS rules of deploy/bucket-cors.json with that origin`,
        );
        return `allowed for ${allowed}`;
      },
    );
    await check("presigned PUT as the dashboard sends it", async () => {
      const res = await fetchImpl(signed().url, {
        method: "PUT",
        headers: signed().headers,
        body: encoder.encode("12345"),
      });
      const text = await res.text();
      expect(res.ok, `HTTP ${res.status} ${text.slice(0, 200)}`);
      const head = await storage.head(key("browser.mp4"));
      expect(head?.size === 5, `stored size ${head?.size}`);
      return "stored";
    });
    await check(
      "presigned PUT with another Content-Type is refused",
      async () => {
        const res = await fetchImpl(signed().url, {
          method: "PUT",
          headers: { "Content-Type": "text/html" },
          body: encoder.encode("<html>"),
        });
        await res.body?.cancel();
        expect(
          res.status === 403,
          `HTTP ${res.status}: the bucket took a PUT whose Content-Type was not the signed one`,
        );
        return "403";
      },
    );
    await check("unsigned public read of FILES_BASE_URL", async () => {
      // Without the object, a 404 here would blame FILES_BASE_URL.
      expect(
        smallStored,
        "not checked: the signed PUT above failed, so there is no object to read",
      );
      const url = storage.publicUrl(smallKey);
      const res = await fetchImpl(url);
      const got = new Uint8Array(await res.arrayBuffer());
      // 404 for an object just written: the prefix names another place
      // (a path-style FILES_BASE_URL without the bucket, say); 403: no
      // public read.
      expect(
        res.ok,
        res.status === 404
          ? `GET ${url} answered 404 for the object just written: FILES_BASE_URL must be the bucket's public address (path-style: S3_ENDPOINT/S3_BUCKET) or its CDN's, since TikTok fetches media from there`
          : `GET ${url} answered ${res.status}: TikTok fetches media from there, so the bucket (or its CDN) must allow public reads`,
      );
      expect(sameBytes(got, small), `GET ${url} served other bytes`);
      return url;
    });
  } finally {
    await check("DELETE removes every test object", async () => {
      for (const k of written) await storage.delete(k);
      for (const k of written) {
        const head = await storage.head(k).catch((error: Error) => {
          // AWS answers 403 for a missing key without s3:ListBucket, and
          // PM3K must tell a missing upload from a refused one.
          throw new Error(
            /403/.test(error.message)
              ? `HEAD of a deleted object answered 403 instead of 404: allow s3:ListBucket on the bucket (${error.message})`
              : error.message,
          );
        });
        expect(head === null, `${k} is still there`);
      }
      return `${written.size} objects`;
    });
  }
  return results;
}

/**
 * A failed check in words: the error with its causes (a refused
 * connection, a name that does not resolve), and the variable to check
 * when S3 refused the credentials or could not be reached.
 */
function failureDetail(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  let said = e.message;
  for (let c = e.cause; c instanceof Error; c = c.cause) {
    if (!said.includes(c.message)) said += ` (${c.message})`;
  }
  // A fetch error names the presigned URL it failed on: its signature, a
  // working credential for that PUT until it expires, stays out of logs.
  said = said.replace(/(X-Amz-Signature=)[0-9a-f]+/gi, "$1…");
  if (/SignatureDoesNotMatch/.test(said)) {
    return `${said}: check S3_SECRET_ACCESS_KEY, and S3_REGION (the bucket's region)`;
  }
  if (/InvalidAccessKeyId/.test(said)) return `${said}: check S3_ACCESS_KEY_ID`;
  if (/NoSuchBucket/.test(said)) {
    return `${said}: no bucket of that name at S3_ENDPOINT; check S3_BUCKET`;
  }
  if (refused(e) && !said.includes("s3:ListBucket")) {
    // A HEAD or DELETE refusal has no body to name its cause.
    return `${said}: the bucket refused this request; check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION, and that the key may read, write, delete and list in S3_BUCKET`;
  }
  if (e instanceof StorageError && e.failure === "unavailable") {
    return `${said}: the bucket could not be reached; check S3_ENDPOINT`;
  }
  return said;
}

/** S3 said no (403, AccessDenied), as against not answering or not there. */
function refused(error: unknown): boolean {
  return error instanceof Error &&
    /AccessDenied|HTTP 403\b/.test(error.message);
}
