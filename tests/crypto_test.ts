/** Token encryption at rest and the embedded default's local secret. */
import assert from "node:assert/strict";
import {
  decryptText,
  deriveTokenKey,
  encryptText,
} from "../lib/crypto/token_cipher.ts";
import { resolveSecretKey } from "../lib/crypto/secret_key.ts";
import { constantTimeEqual } from "../lib/crypto/hashing.ts";

Deno.test("tokens are sealed with AES-GCM: fresh IV each time, tampering and other keys fail", async () => {
  const key = await deriveTokenKey("a".repeat(32));
  const one = await encryptText(key, "act.secret-token");
  const two = await encryptText(key, "act.secret-token");
  assert.notEqual(one, two, "a fresh IV per encryption");
  assert.ok(!one.includes("secret-token"));
  assert.equal(await decryptText(key, one), "act.secret-token");

  const [v, iv, data] = one.split(".");
  const flipped = data.slice(0, -2) + (data.at(-2) === "A" ? "B" : "A") +
    data.at(-1);
  await assert.rejects(decryptText(key, `${v}.${iv}.${flipped}`));
  const other = await deriveTokenKey("b".repeat(32));
  await assert.rejects(decryptText(other, one));
  await assert.rejects(decryptText(key, "garbage"), /unknown format/);
});

Deno.test("the embedded default generates a secret once under DATA_DIR and keeps it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-secret-" });
  try {
    const [a, b] = await Promise.all([
      resolveSecretKey(undefined, `${dir}/data`),
      resolveSecretKey(undefined, `${dir}/data`),
    ]);
    assert.equal(a, b, "two processes starting together agree");
    assert.ok(a.length >= 43);
    assert.equal(await resolveSecretKey(undefined, `${dir}/data`), a);
    assert.equal(
      (await Deno.stat(`${dir}/data/secret.key`)).mode! & 0o777,
      0o600,
    );
    assert.equal(
      await resolveSecretKey("configured-secret", `${dir}/data`),
      "configured-secret",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("first starts at once never read a half-written secret.key: all get the one full secret", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-secret-race-" });
  try {
    for (let round = 0; round < 200; round++) {
      const data = `${dir}/data${round}`;
      const secrets = await Promise.all(
        Array.from({ length: 4 }, () => resolveSecretKey(undefined, data)),
      );
      assert.ok(
        secrets.every((s) => s.length >= 43 && s === secrets[0]),
        `round ${round}: ${JSON.stringify(secrets)}`,
      );
      assert.equal(await Deno.readTextFile(`${data}/secret.key`), secrets[0]);
      assert.deepEqual(
        (await Array.fromAsync(Deno.readDir(data))).map((e) => e.name),
        ["secret.key"],
        "no temporary file left",
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("constantTimeEqual tells equal strings from any difference, first or last char, or length", () => {
  const hash = "a".repeat(63) + "f";
  assert.equal(constantTimeEqual(hash, "a".repeat(63) + "f"), true);
  assert.equal(constantTimeEqual(hash, "a".repeat(63) + "e"), false);
  assert.equal(constantTimeEqual(hash, "b" + "a".repeat(62) + "f"), false);
  assert.equal(constantTimeEqual(hash, hash.slice(1)), false);
  assert.equal(constantTimeEqual("", ""), true);
});
