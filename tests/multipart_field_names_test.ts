/**
 * A multipart upload's field name repeated in a refusal (an unknown
 * field, one given twice, one after the file) is the client's text: cut,
 * its controls and invisible characters spelt out, whatever bytes the part
 * header carried (docs/api.md#uploads-in-one-request).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";

const BOUNDARY = "pm3k-names-boundary";
const encoder = new TextEncoder();

/** Controls and invisible characters a message must spell out. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** A part header naming a field by `name`'s bytes, as sent. */
function part(name: Uint8Array, value: string, file = false): Uint8Array[] {
  return [
    encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="`),
    name,
    encoder.encode(
      `"${
        file ? '; filename="a.mp4"\r\nContent-Type: video/mp4' : ""
      }\r\n\r\n${value}\r\n`,
    ),
  ];
}

function form(...parts: Uint8Array[][]): Uint8Array<ArrayBuffer> {
  const chunks = [...parts.flat(), encoder.encode(`--${BOUNDARY}--\r\n`)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function postForm(
  server: TestServer,
  client: ApiClient,
  body: Uint8Array<ArrayBuffer>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/uploads`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${client.key}`,
      "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

const FILE = encoder.encode("file");

Deno.test("a multipart form's unknown field is named cut after 100 characters with its controls spelt out, whatever its bytes", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_names", "monthly");
    const cases: [string, Uint8Array, string][] = [
      [
        "5,000 characters after a right-to-left override",
        encoder.encode(`\u202E${"n".repeat(5000)}`),
        `\\u{202E}${"n".repeat(99)}…`,
      ],
      [
        "controls",
        encoder.encode("a\u0001b\u001Bc\u007Fd"),
        "a\\u{1}b\\u{1B}c\\u{7F}d",
      ],
      ["a quote, escaped", encoder.encode('say\\"hi'), 'say"hi'],
      // Not UTF-8: each byte that is not read as U+FFFD, visible, never
      // as the raw bytes (the answer stays UTF-8 JSON); the field is
      // unknown whatever it meant.
      [
        "bytes that are not UTF-8",
        new Uint8Array([0x78, 0xff, 0xfe, 0x79]),
        "x\ufffd\ufffdy",
      ],
    ];
    for (const [what, name, said] of cases) {
      const r = await postForm(
        server,
        client,
        form(part(name, "1"), part(FILE, "bytes", true)),
      );
      assert.equal(
        r.status,
        400,
        `${what}: ${JSON.stringify(r.body).slice(0, 300)}`,
      );
      assert.equal(r.body.error, "bad_request");
      assert.deepEqual(r.body.issues, [{
        path: said,
        message: "unknown field",
      }], what);
      const message = String(r.body.message);
      assert.equal(message, `Invalid request: ${said}: unknown field`, what);
      assert.doesNotMatch(message, HIDDEN, what);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a multipart field given twice or after the file is named cut after 80 characters with its controls spelt out", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_names_twice", "monthly");
    const name = encoder.encode(`\u202E\u0001${"m".repeat(5000)}`);
    const said = `\\u{202E}\\u{1}${"m".repeat(78)}…`;
    const twice = await postForm(
      server,
      client,
      form(part(name, "1"), part(name, "2"), part(FILE, "bytes", true)),
    );
    assert.equal(twice.status, 400);
    assert.match(
      String(twice.body.message),
      new RegExp(
        `^The multipart form cannot be read: the field "${
          RegExp.escape(said)
        }" is given twice: give it once\\.`,
      ),
    );
    const late = await postForm(
      server,
      client,
      form(part(FILE, "bytes", true), part(name, "1")),
    );
    assert.equal(late.status, 400);
    assert.match(
      String(late.body.message),
      new RegExp(
        `^The multipart form cannot be read: the field "${
          RegExp.escape(said)
        }" comes after the file\\.`,
      ),
    );
  } finally {
    await server.close();
  }
});

Deno.test('a multipart field with no name is refused as one with no name, never as the field "undefined"', async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_no_name", "monthly");
    const noName = encoder.encode(
      `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n`,
    );
    const fields: [string, Uint8Array[]][] = [
      ['name=""', part(new Uint8Array(), "x")],
      ["no name parameter", [noName]],
    ];
    for (const [label, field] of fields) {
      const unknown = await postForm(
        server,
        client,
        form(field, part(FILE, "bytes", true)),
      );
      assert.equal(unknown.status, 400, label);
      assert.deepEqual(unknown.body.issues, [{
        path: "",
        message: "unknown field (it has no name: name it, or leave it out)",
      }], label);
      assert.doesNotMatch(String(unknown.body.message), /undefined/, label);
    }
    const twice = await postForm(
      server,
      client,
      form(part(new Uint8Array(), "x"), part(new Uint8Array(), "y")),
    );
    assert.equal(twice.status, 400);
    assert.match(
      String(twice.body.message),
      /the field with no name is given twice: give it once/,
    );
    const after = await postForm(
      server,
      client,
      form(part(FILE, "bytes", true), part(new Uint8Array(), "y")),
    );
    assert.equal(after.status, 400);
    assert.match(
      String(after.body.message),
      /the field with no name comes after the file/,
    );
  } finally {
    await server.close();
  }
});
