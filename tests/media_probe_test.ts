/** Media probes read headers only: video size, rotation, duration; image size; magic bytes. */
import assert from "node:assert/strict";
import { probeMp4 } from "../lib/media/mp4_probe.ts";
import { probeWebm } from "../lib/media/webm_probe.ts";
import { probeImage } from "../lib/media/image_probe.ts";
import { sniffMediaType } from "../lib/media/media_types.ts";
import { photoSizeAllowed } from "../lib/media/photo_rules.ts";
import { apiClientFor, fixture, sentAsFile } from "./_helpers/api_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { rotate } from "./_helpers/mp4_rotation.ts";

function reader(bytes: Uint8Array) {
  const reads: [number, number][] = [];
  return {
    reads,
    read: (start: number, end: number) => {
      reads.push([start, end]);
      return Promise.resolve(bytes.slice(start, end + 1));
    },
  };
}

Deno.test("an MP4 probe reads size and duration with a few small ranged reads", async () => {
  const bytes = await fixture("portrait.mp4");
  const r = reader(bytes);
  const probe = await probeMp4(r.read, bytes.length);
  assert.deepEqual(probe, {
    width: 540,
    height: 960,
    rotation: 0,
    displayWidth: 540,
    displayHeight: 960,
    durationSec: 2,
  });
  const bytesRead = r.reads.reduce((n, [s, e]) => n + e - s + 1, 0);
  assert.ok(bytesRead < bytes.length, "never reads the whole file");
});

Deno.test("a WebM probe reads size and duration from the header alone", async () => {
  for (
    const [name, w, h] of [["portrait.webm", 540, 960], [
      "landscape.webm",
      960,
      540,
    ]] as const
  ) {
    const bytes = await fixture(name);
    const r = reader(bytes);
    assert.deepEqual(await probeWebm(r.read, bytes.length), {
      width: w,
      height: h,
      rotation: 0,
      displayWidth: w,
      displayHeight: h,
      durationSec: 2,
    });
  }
  const junk = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4, 5]);
  assert.equal(await probeWebm(reader(junk).read, junk.length), null);
});

Deno.test("the rotation matrix turns a landscape-coded video into a portrait display", async () => {
  const landscape = await fixture("landscape.mp4");
  assert.equal(
    (await probeMp4(reader(landscape).read, landscape.length))?.displayWidth,
    960,
  );
  for (const degrees of [90, 270] as const) {
    const turned = rotate(landscape, degrees);
    const probe = await probeMp4(reader(turned).read, turned.length);
    assert.equal(probe?.rotation, degrees);
    assert.deepEqual([probe?.displayWidth, probe?.displayHeight], [540, 960]);
  }
  const upsideDown = rotate(landscape, 180);
  const probe = await probeMp4(reader(upsideDown).read, upsideDown.length);
  assert.equal(probe?.rotation, 180);
  assert.deepEqual([probe?.displayWidth, probe?.displayHeight], [960, 540]);
});

Deno.test("a truncated or foreign file probes as null instead of throwing", async () => {
  const bytes = await fixture("portrait.mp4");
  const cut = bytes.slice(0, 64);
  assert.equal(await probeMp4(reader(cut).read, cut.length), null);
  const png = await fixture("photo.png");
  assert.equal(await probeMp4(reader(png).read, png.length), null);
});

Deno.test("magic bytes decide the type, whatever the name", async () => {
  assert.equal(
    sniffMediaType(await fixture("portrait.mp4"))?.contentType,
    "video/mp4",
  );
  assert.equal(
    sniffMediaType(await fixture("photo1.jpg"))?.contentType,
    "image/jpeg",
  );
  assert.equal(
    sniffMediaType(await fixture("photo3.webp"))?.contentType,
    "image/webp",
  );
  assert.equal(sniffMediaType(await fixture("photo.png")), null);
  const mov = new Uint8Array([
    0,
    0,
    0,
    20,
    ...new TextEncoder().encode("ftypqt  "),
    0,
    0,
    0,
    0,
  ]);
  assert.equal(sniffMediaType(mov)?.contentType, "video/quicktime");
  const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]);
  assert.equal(sniffMediaType(webm)?.contentType, "video/webm");
});

Deno.test("image probes read the pixel size; over 1080 px on either side is refused", async () => {
  assert.deepEqual(probeImage(await fixture("photo1.jpg")), {
    format: "jpg",
    width: 1080,
    height: 1350,
  });
  assert.deepEqual(probeImage(await fixture("photo3.webp")), {
    format: "webp",
    width: 1080,
    height: 1080,
  });
  assert.deepEqual(probeImage(await fixture("photo2.jpg")), {
    format: "jpg",
    width: 864,
    height: 1080,
  });
  assert.equal(photoSizeAllowed(1080, 1080), true);
  assert.equal(photoSizeAllowed(864, 1080), true);
  assert.equal(photoSizeAllowed(1, 1), true);
  assert.equal(photoSizeAllowed(1080, 1350), false);
  assert.equal(photoSizeAllowed(1081, 1080), false);
  assert.equal(photoSizeAllowed(1080, 1081), false);
  assert.equal(photoSizeAllowed(2000, 1500), false);
  assert.equal(probeImage(new Uint8Array([1, 2, 3])), null);
});

Deno.test("an MP4 of tiny boxes is answered at once over the API, its probe walking 64 top-level boxes at most", async () => {
  // ftyp, then 8-byte "free" boxes to 512 KiB: before the bound, the walk
  // for the moov read every 8 bytes, a read each (17 s for this file).
  const ftyp = [
    0,
    0,
    0,
    16,
    ...new TextEncoder().encode("ftypisom"),
    0,
    0,
    0,
    0,
  ];
  const free = [0, 0, 0, 8, ...new TextEncoder().encode("free")];
  const bytes = new Uint8Array(16 + 8 * 65_536);
  bytes.set(ftyp);
  for (let at = 16; at < bytes.length; at += 8) bytes.set(free, at);
  const r = reader(bytes);
  assert.equal(await probeMp4(r.read, bytes.length), null);
  assert.ok(r.reads.length <= 64, `${r.reads.length} reads`);

  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "tiny_boxes");
    const [answer, took] = await sentAsFile(
      server,
      me.key,
      bytes,
      "boxes.mp4",
    );
    assert.equal(answer.ok, true, JSON.stringify(answer));
    assert.ok(took < 3_000, `answered in ${Math.round(took)} ms`);
  } finally {
    await server.close();
  }
});

Deno.test("an MP4 whose moov holds millions of tiny boxes is probed at once: a box's boxes are read 256 at most", async () => {
  // A 32 MB moov (the most read) of 8-byte "trak" boxes: before the bound
  // the probe read all 4 million in one go, the server answering no one
  // for about 3 s per such upload.
  const n = 4 * 1024 * 1024 - 4;
  const bytes = new Uint8Array(24 + 8 * n);
  const view = new DataView(bytes.buffer);
  const ascii = (s: string) => new TextEncoder().encode(s);
  view.setUint32(0, 16);
  bytes.set(ascii("ftypisom"), 4);
  view.setUint32(16, 8 + 8 * n);
  bytes.set(ascii("moov"), 20);
  const trak = ascii("trak");
  for (let at = 24; at < bytes.length; at += 8) {
    view.setUint32(at, 8);
    bytes.set(trak, at + 4);
  }
  const started = performance.now();
  assert.equal(await probeMp4(reader(bytes).read, bytes.length), null);
  const took = performance.now() - started;
  assert.ok(took < 1_000, `probed in ${Math.round(took)} ms`);
});
