/**
 * A source's error answer saved in the file's place (S3's XML, an API's
 * JSON) is refused saying so, with its code and `detected_type`, however
 * it arrives: in one request, from a URL, or PUT and completed
 * (docs/media.md#error-answers-in-place-of-a-file).
 */
import assert from "node:assert/strict";
import {
  apiClientFor,
  sentAsFile,
  stagedUpload,
} from "./_helpers/api_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  ERROR_REPLIES,
  publicNetworkTo,
  startSourceServer,
} from "./_helpers/source_server.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { TEXT_ANSWER_BYTES, textAnswerOf } from "../lib/media/text_answer.ts";

const S3_DENIED = '<?xml version="1.0" encoding="UTF-8"?>\n' +
  "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>" +
  "<RequestId>4442587FB7D0A2F9</RequestId></Error>";
const API_ERROR = '{"error":"invalid_token","error_description":"expired"}';

Deno.test("a source's error answer sent as the file is refused as XML or JSON text naming its code, in one request, from a URL or completed, and nothing is kept", async () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  // The media host: its files answer as the text they are, or as
  // octet-stream as S3 sends a saved error body.
  const source = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/denied.mp4") {
        return new Response(S3_DENIED, {
          headers: { "Content-Type": "application/octet-stream" },
        });
      }
      if (path === "/token") {
        return new Response(API_ERROR, {
          headers: { "Content-Type": "application/json" },
        });
      }
      return new Response("not found", { status: 404 });
    },
  );
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(`http://127.0.0.1:${source.addr.port}`),
  });
  try {
    const me = await apiClientFor(server, "error_answer");
    const auth = { Authorization: `Bearer ${me.key}` };
    const sent = async (body: string, query = "filename=clip.mp4") => {
      const res = await fetch(`${server.url}/api/uploads?${query}`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/octet-stream" },
        body,
      });
      return [res.status, await res.json()] as const;
    };
    const fetched = async (path: string) => {
      const { status, body } = await me.json("POST", "/api/uploads/from_url", {
        url: `https://cdn.example.com${path}`,
      });
      return [status, body] as const;
    };
    const xmlVideo =
      "The file is XML text, not a video: most likely the error answer (it says AccessDenied) of the place it was downloaded from, saved in the file's place. " +
      "It is an object store's (S3, R2, GCS) error reply: the presigned link expired: make a new presigned link (or a longer-lived one), download the file with it, then send it again.";

    for (
      const [status, body] of [
        await sent(S3_DENIED),
        await fetched("/denied.mp4"),
      ]
    ) {
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error, "unsupported_file_type");
      assert.equal(body.message, xmlVideo);
      assert.equal(body.detected_type, "application/xml");
    }

    const [status, body] = await fetched("/token");
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(body.error, "unsupported_file_type");
    assert.match(
      String(body.message),
      /^The file is JSON text, not a video: most likely the error answer \(it says invalid_token: "expired"\)/,
    );
    assert.equal(body.detected_type, "application/json");

    // PUT to a signed URL as declared, then completed: the same words.
    const started = await stagedUpload(me, bytes(S3_DENIED), "clip.mp4");
    const completed = await me.json(
      "POST",
      `/api/uploads/${started.body.upload_id}/complete`,
    );
    assert.equal(completed.status, 400, JSON.stringify(completed.body));
    assert.equal(completed.body.error, "unsupported_file_type");
    assert.equal(completed.body.message, xmlVideo);
    assert.equal(completed.body.detected_type, "application/xml");

    // In an album: the image's code, after the contract's sentence.
    const album = await me.json("POST", "/api/albums");
    const [imageStatus, image] = await sent(
      S3_DENIED,
      `filename=photo.jpg&album_id=${album.body.album_id}`,
    );
    assert.equal(imageStatus, 400, JSON.stringify(image));
    assert.equal(image.error, "unsupported_image_type");
    assert.match(
      String(image.message),
      /^Only JPEG\/WebP allowed\. The file is XML text, not an image: /,
    );
    assert.equal(image.detected_type, "application/xml");

    // Nothing kept: no upload in the list.
    const list = await me.json("GET", "/api/uploads");
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.uploads, []);
  } finally {
    await server.close();
    await source.shutdown();
  }
});

Deno.test("text that is no error answer, and an HTML page, keep their own refusals", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "error_answer_other");
    const sent = async (body: string) =>
      (await sentAsFile(server, me.key, body))[0];
    const plain = await sent("plain words, { not JSON");
    assert.equal(plain.error, "unsupported_file_type");
    assert.equal("detected_type" in plain, false, JSON.stringify(plain));
    const page = await sent("<!doctype html><html><body>Sign in</body></html>");
    assert.match(String(page.message), /^The file is a web page \(HTML\)/);
    assert.equal("detected_type" in page, false, JSON.stringify(page));
  } finally {
    await server.close();
  }
});

Deno.test("a file of many XML comments is told apart at once: the server answers it, and anyone else, without a pause", async () => {
  // Before docs/media.md#error-answers-in-place-of-a-file's linear SVG
  // check, each "<!---->" doubled the time: 27 of them (a 300-byte file)
  // held the whole server for over ten seconds, 146 (1 KB) for ever.
  const comments = "<!---->".repeat(27);
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "error_answer_comments");
    const sent = (body: string) => sentAsFile(server, me.key, body);
    const [xml, tookXml] = await sent(
      `<?xml version="1.0"?>${comments}<Error><Code>AccessDenied</Code></Error>`,
    );
    assert.equal(xml.error, "unsupported_file_type", JSON.stringify(xml));
    assert.equal(xml.detected_type, "application/xml");
    assert.match(String(xml.message), /\(it says AccessDenied\)/);
    assert.ok(tookXml < 2_000, `answered in ${Math.round(tookXml)} ms`);
    const [svg, tookSvg] = await sent(`${comments}\n<svg width="1">`);
    assert.equal(svg.error, "unsupported_file_type", JSON.stringify(svg));
    assert.equal("detected_type" in svg, false, JSON.stringify(svg));
    assert.ok(tookSvg < 2_000, `answered in ${Math.round(tookSvg)} ms`);
  } finally {
    await server.close();
  }
  const of = (text: string) => textAnswerOf(new TextEncoder().encode(text));
  // As many comments as are read (TEXT_ANSWER_BYTES), and a comment with
  // dashes inside.
  const most = "<!---->".repeat(Math.floor(TEXT_ANSWER_BYTES / 7));
  const started = performance.now();
  assert.equal(of(most), null);
  assert.ok(performance.now() - started < 1_000, "read at once");
  assert.equal(of('<?xml version="1.0"?><!-- a -- b --->\n<svg>'), null);
});

Deno.test("an SVG picture, a bracketed text and plain text are no error answers; S3's XML and an API's JSON are, with their codes", () => {
  const of = (text: string) => textAnswerOf(new TextEncoder().encode(text));
  for (
    const text of [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10"></svg>',
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- drawn -->\n<svg>',
      '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg width="1">',
      "[Script Info]\nTitle: subtitles",
      "plain words",
    ]
  ) {
    assert.equal(of(text), null, text);
  }
  assert.deepEqual(of(S3_DENIED), {
    contentType: "application/xml",
    code: "AccessDenied",
    said: null,
    storage: "expired",
  });
  assert.deepEqual(of(API_ERROR), {
    contentType: "application/json",
    code: "invalid_token",
    said: "expired",
    storage: null,
  });
  assert.deepEqual(of('[{"code":"E42"}]'), {
    contentType: "application/json",
    code: "E42",
    said: null,
    storage: null,
  });
  // A store's reply, told apart by its code; an XML <Code> outside an
  // <Error> is no store's reply.
  const stored = (text: string) => of(text)?.storage;
  assert.equal(
    stored(
      "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    ),
    "denied",
  );
  assert.equal(
    stored(
      "<Error><Code>ExpiredToken</Code><Details>The provided token has expired.</Details></Error>",
    ),
    "expired",
  );
  assert.equal(stored(ERROR_REPLIES["/s3-signature.mp4"]), "signature");
  assert.equal(stored(ERROR_REPLIES["/s3-missing.jpg"]), "missing");
  assert.equal(stored("<Result><Code>AccessDenied</Code></Result>"), null);
});

Deno.test("an object store's error reply says what happened and what to do, sent, completed, fetched from a URL or posted from a verified domain; a web page PUT and completed is named a web page", async () => {
  const source = await startSourceServer();
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(source.origin),
  });
  try {
    const me = await posterFor(server, "error_reply_words");
    const expired =
      /It is an object store's \(S3, R2, GCS\) error reply: the presigned link expired: make a new presigned link/;
    const refused = (
      r: { status: number; body: Record<string, unknown> },
      code: string,
      message: RegExp,
    ) => {
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, code, JSON.stringify(r.body));
      assert.match(String(r.body.message), message);
    };

    // In one request: a signature that does not match.
    const res = await fetch(`${server.url}/api/uploads?filename=clip.mp4`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "application/octet-stream",
      },
      body: ERROR_REPLIES["/s3-signature.mp4"],
    });
    refused(
      { status: res.status, body: await res.json() },
      "unsupported_file_type",
      /^The file is XML text, not a video: most likely the error answer \(it says SignatureDoesNotMatch\).* error reply: the link's signature does not match: the link was changed, cut or re-encoded after it was signed/,
    );

    // From a URL answering 200 with the reply: an album's missing key.
    const album = await me.json("POST", "/api/albums");
    refused(
      await me.json("POST", "/api/uploads/from_url", {
        url: `https://cdn.example.com/s3-missing.jpg`,
        album_id: album.body.album_id,
      }),
      "unsupported_image_type",
      /^Only JPEG\/WebP allowed\. The file is XML text, not an image: most likely the error answer \(it says NoSuchKey\).* error reply: the bucket holds no such object: check the bucket and the object key/,
    );

    // A web page PUT to the signed URL, then completed.
    const page = new TextEncoder().encode(
      "<!doctype html><html><body>Sign in</body></html>",
    );
    const started = await stagedUpload(me, page, "clip.mp4");
    refused(
      await me.json("POST", `/api/uploads/${started.body.upload_id}/complete`),
      "unsupported_file_type",
      /^The file is a web page \(HTML\), not a video: a share link or a sign-in page/,
    );

    // Posted straight from a verified domain: the source's words.
    await verifySource(me, source);
    const post = (body: Record<string, unknown>) =>
      me.json("POST", "/api/tiktok/direct_post", {
        title: "from my bucket",
        privacy: "SELF_ONLY",
        ...body,
      });
    refused(
      await post({ source_url: `${source.origin}/s3-expired.mp4` }),
      "unsupported_file_type",
      new RegExp(
        "^The source is XML text, not a video: most likely the error answer \\(it says AccessDenied\\) of source_url's host.*" +
          expired.source,
      ),
    );
    refused(
      await post({ source_url: `${source.origin}/page-as-file.bin` }),
      "unsupported_file_type",
      /^The source is a web page \(HTML\), not a video: source_url answers a page/,
    );
    refused(
      await post({
        media_type: "PHOTO",
        photo_images: [`${source.origin}/s3-missing.jpg`],
      }),
      "unsupported_image_type",
      /The source is XML text, not an image: most likely the error answer \(it says NoSuchKey\)/,
    );
    refused(
      await post({ source_url: `${source.origin}/api-error.mp4` }),
      "unsupported_file_type",
      /^The source is JSON text, not a video: most likely the error answer \(it says invalid_token: "expired"\).*Check that the link or the workflow's credentials still give the file/,
    );

    // Nothing kept.
    const list = await me.json("GET", "/api/uploads");
    assert.deepEqual(list.body.uploads, [], JSON.stringify(list.body));
  } finally {
    await server.close();
    await source.close();
  }
});

/** Google's JSON error as its APIs answer it, its `status` past 1 KiB. */
const GOOGLE_DENIED = JSON.stringify(
  {
    error: {
      code: 403,
      message: "The caller does not have permission",
      errors: Array.from({ length: 8 }, (_, i) => ({
        message: "The caller does not have permission",
        domain: "global",
        reason: "forbidden",
        locationType: "header",
        location: `Authorization-${i}`,
      })),
      status: "PERMISSION_DENIED",
    },
  },
  null,
  2,
);
/** Microsoft Graph's JSON error of an expired token. */
const GRAPH_EXPIRED = JSON.stringify({
  error: {
    code: "InvalidAuthenticationToken",
    message: "Access token has expired or is not yet valid.",
    innerError: { date: "2026-12-06T12:00:00", "request-id": "x" },
  },
});

Deno.test("a JSON error nested as Google's and Microsoft's APIs answer it is refused with its code and its words, sent or fetched from a URL", async () => {
  assert.ok(GOOGLE_DENIED.indexOf("PERMISSION_DENIED") > 1024);
  const source = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) =>
      new Response(
        new URL(req.url).pathname === "/drive.mp4"
          ? GOOGLE_DENIED
          : GRAPH_EXPIRED,
        { headers: { "Content-Type": "application/octet-stream" } },
      ),
  );
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(`http://127.0.0.1:${source.addr.port}`),
  });
  try {
    const me = await apiClientFor(server, "nested_json_answer");
    const sent = async (body: string) => {
      const [answer, , status] = await sentAsFile(server, me.key, body);
      return { status, body: answer };
    };
    const fetched = (path: string) =>
      me.json("POST", "/api/uploads/from_url", {
        url: `https://cdn.example.com${path}`,
      });
    for (
      const [answer, says] of [
        [
          await sent(GOOGLE_DENIED),
          'PERMISSION_DENIED: "The caller does not have permission"',
        ],
        [
          await fetched("/drive.mp4"),
          'PERMISSION_DENIED: "The caller does not have permission"',
        ],
        [
          await sent(GRAPH_EXPIRED),
          'InvalidAuthenticationToken: "Access token has expired or is not yet valid."',
        ],
        [
          await fetched("/onedrive.mp4"),
          'InvalidAuthenticationToken: "Access token has expired or is not yet valid."',
        ],
      ] as const
    ) {
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error, "unsupported_file_type");
      assert.equal(answer.body.detected_type, "application/json");
      assert.ok(
        String(answer.body.message).includes(`(it says ${says})`),
        String(answer.body.message),
      );
    }
    assert.deepEqual((await me.json("GET", "/api/uploads")).body.uploads, []);
  } finally {
    await server.close();
    await source.shutdown();
  }
});

/** Azure Blob Storage's error replies, as its REST API answers them. */
const AZURE_REPLY = (code: string, message: string, detail = "") =>
  '\ufeff<?xml version="1.0" encoding="utf-8"?><Error><Code>' + code +
  "</Code><Message>" + message +
  "\nRequestId:2c25ad7c-a01e-0004-04a3-56c77b000000\nTime:2026-12-06T10:16:22.8096444Z</Message>" +
  detail + "</Error>";
const AZURE_REPLIES: Record<string, string> = {
  "/sas-expired.mp4": AZURE_REPLY(
    "AuthenticationFailed",
    "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
    "<AuthenticationErrorDetail>Signature not valid in the specified time frame: Start [Thu, 09 Jul 2026 10:11:03 GMT] - Expiry [Thu, 09 Jul 2026 18:11:03 GMT] - Current [Fri, 10 Jul 2026 10:16:22 GMT]</AuthenticationErrorDetail>",
  ),
  "/sas-signature.mp4": AZURE_REPLY(
    "AuthenticationFailed",
    "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
    "<AuthenticationErrorDetail>Signature did not match. String to sign used was r\n2026-12-01T00:00:00Z</AuthenticationErrorDetail>",
  ),
  "/sas-permission.mp4": AZURE_REPLY(
    "AuthorizationPermissionMismatch",
    "This request is not authorized to perform this operation using this permission.",
  ),
  "/public.mp4": AZURE_REPLY(
    "PublicAccessNotPermitted",
    "Public access is not permitted on this storage account.",
  ),
  "/missing.jpg": AZURE_REPLY(
    "BlobNotFound",
    "The specified blob does not exist.",
  ),
};

Deno.test("Azure Blob Storage's error replies get Azure's advice, sent as the file or fetched from a URL", async () => {
  const of = (path: string) =>
    textAnswerOf(new TextEncoder().encode(AZURE_REPLIES[path]))?.storage;
  assert.equal(of("/sas-expired.mp4"), "azure-expired");
  assert.equal(of("/sas-signature.mp4"), "azure-signature");
  assert.equal(of("/sas-permission.mp4"), "azure-permission");
  assert.equal(of("/public.mp4"), "azure-public");
  assert.equal(of("/missing.jpg"), "azure-missing");

  // The loopback host answers 200 with the reply, as a saved file would.
  const source = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) =>
      // By the blob's name, whatever its container.
      new Response(
        AZURE_REPLIES[new URL(req.url).pathname.replace(/^\/[^/]+/, "")] ??
          "no",
        { headers: { "Content-Type": "application/octet-stream" } },
      ),
  );
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(`http://127.0.0.1:${source.addr.port}`),
  });
  try {
    const me = await apiClientFor(server, "azure_error_reply");
    const azure = "It is Azure Blob Storage's error reply: ";
    const cases = [
      [
        "/sas-expired.mp4",
        "AuthenticationFailed",
        "the SAS link expired (its se= time has passed): make a new SAS link",
      ],
      [
        "/sas-signature.mp4",
        "AuthenticationFailed",
        "the SAS link's signature does not match",
      ],
      [
        "/sas-permission.mp4",
        "AuthorizationPermissionMismatch",
        "the link may not read this blob: make a new SAS link with read permission (sp=r)",
      ],
      [
        "/public.mp4",
        "PublicAccessNotPermitted",
        "the storage account allows no anonymous (public) access: make a SAS link",
      ],
    ] as const;
    for (const [path, code, advice] of cases) {
      const [sentBody, , status] = await sentAsFile(
        server,
        me.key,
        AZURE_REPLIES[path],
      );
      const fetched = await me.json("POST", "/api/uploads/from_url", {
        url:
          `https://acct.blob.core.windows.net/clips${path}?sv=2026-04-06&sig=x`,
      });
      const answers: [Record<string, unknown>, number][] = [
        [sentBody, status],
        [fetched.body, fetched.status],
      ];
      for (const [body, got] of answers) {
        assert.equal(got, 400, JSON.stringify(body));
        assert.equal(body.error, "unsupported_file_type");
        assert.equal(
          body.detected_type,
          "application/xml",
          `${path} ${body === sentBody ? "sent" : "fetched"}: ${
            JSON.stringify(body)
          }`,
        );
        const message = String(body.message);
        assert.ok(message.includes(`(it says ${code})`), message);
        assert.ok(message.includes(azure + advice), message);
        assert.doesNotMatch(message, /Check that the link|S3, R2, GCS/);
      }
    }
    // An album's image: the blob is not there.
    const album = await me.json("POST", "/api/albums");
    const photo = await me.json("POST", "/api/uploads/from_url", {
      url: "https://acct.blob.core.windows.net/photos/missing.jpg",
      album_id: album.body.album_id,
    });
    assert.equal(photo.body.error, "unsupported_image_type");
    assert.ok(
      String(photo.body.message).includes(
        `(it says BlobNotFound)`,
      ) &&
        String(photo.body.message).includes(
          azure + "the container holds no such blob",
        ),
      String(photo.body.message),
    );
    assert.deepEqual((await me.json("GET", "/api/uploads")).body.uploads, []);
  } finally {
    await server.close();
    await source.shutdown();
  }
});
