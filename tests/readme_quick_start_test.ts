/**
 * README's quick start works as written: its curl commands, run by the real
 * curl against a test server with a key issued there, upload the test video
 * it names (tests/fixtures/portrait.mp4) and it is kept.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";

const ROOT = new URL("../", import.meta.url);

/** The quick start's shell blocks, one command a line (`\` joined). */
async function quickStartCommands(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const section = readme.split(/^## /m).find((s) =>
    s.startsWith("Quick start")
  );
  assert.ok(section, "README has a Quick start section");
  return [...section.matchAll(/```sh\n([^]*?)```/g)]
    .flatMap((m) => m[1].replace(/\\\n\s*/g, "").split("\n"))
    .filter((line) => line.trim() !== "");
}

Deno.test("README's quick start names a test video and its curl command uploads it", async () => {
  const commands = await quickStartCommands();
  const upload = commands.find((c) => /\/api\/uploads/.test(c));
  assert.ok(upload, `an upload command: ${commands.join("\n")}`);
  const video = upload.match(/@(tests\/fixtures\/[\w.-]+\.mp4)/)?.[1];
  assert.ok(video, upload);
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "readme_reader");
    const run = upload.replaceAll("http://localhost:8000", server.url)
      .replaceAll("pm3k_...", me.key);
    const out = await new Deno.Command("sh", {
      args: ["-c", run],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const answer = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const body = JSON.parse(answer);
    assert.equal(body.ok, true, answer);
    assert.equal(body.filename, "portrait.mp4", answer);
    const size = (await Deno.stat(new URL(video, ROOT))).size;
    assert.equal(body.size_bytes ?? body.size, size, answer);
    const list = await me.json("GET", "/api/uploads");
    assert.equal(
      (list.body.uploads as unknown[]).length,
      1,
      JSON.stringify(list.body),
    );
  } finally {
    await server.close();
  }
});
