/**
 * The sandbox's Content Posting API: creator_info, video init
 * (PULL_FROM_URL), photo content init, status fetch, with TikTok's shapes,
 * error codes, per-token rate limits (tiktok-api.md §7) and status
 * progression PROCESSING_DOWNLOAD → PUBLISH_COMPLETE | FAILED. The download
 * is real: the first status fetch pulls every URL (a bad one fails like
 * TikTok's video_pull_failed). An admin endpoint queues faults per user.
 * @module
 */
import type { Context, Hono } from "hono";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { lookupAccessToken, newLogId } from "./sandbox_store.ts";
import type {
  SandboxFault,
  SandboxPublish,
  SandboxToken,
  SandboxUserSettings,
} from "./sandbox_records.ts";

export interface SandboxPostingOptions {
  kv: Deno.Kv;
  clock: Clock;
  /** URL prefixes "verified" for PULL_FROM_URL (our FILES_BASE_URL). */
  verifiedUrlPrefixes: string[];
  /** How long the timeout fault stalls (longer than PM3K's client timeout). */
  stallMs?: number;
}

const DEFAULT_SETTINGS: SandboxUserSettings = {
  privateAccount: false,
  maxVideoPostDurationSec: 300,
  faults: [],
};

/** TikTok's per-token limits per minute. */
const LIMITS: Record<string, number> = {
  creator_info: 20,
  video_init: 6,
  content_init: 6,
  status: 30,
};

const FAULTS: SandboxFault[] = [
  "rate_limit",
  "server_error",
  "timeout",
  "slow_accept",
  "spam_risk_too_many_posts",
  "url_ownership_unverified",
  "publish_failed",
];

export async function getSandboxSettings(
  kv: Deno.Kv,
  openId: string,
): Promise<SandboxUserSettings> {
  return (await getTyped(kv, sandboxKeys.userSettings(openId))).value ??
    DEFAULT_SETTINGS;
}

async function updateSettings(
  kv: Deno.Kv,
  openId: string,
  change: (s: SandboxUserSettings) => SandboxUserSettings,
): Promise<SandboxUserSettings> {
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.userSettings(openId));
    const next = change(entry.value ?? DEFAULT_SETTINGS);
    const res = await kv.atomic().check(entry).set(entry.key, next).commit();
    if (res.ok) return next;
  }
}

/** Takes the next queued fault of a kind that applies now, if any. */
async function takeFault(
  kv: Deno.Kv,
  openId: string,
  applies: (f: SandboxFault) => boolean,
): Promise<{ fault: SandboxFault; failReason?: string } | null> {
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.userSettings(openId));
    const settings = entry.value ?? DEFAULT_SETTINGS;
    const index = settings.faults.findIndex((f) => applies(f.fault));
    if (index < 0) return null;
    const taken = settings.faults[index];
    const res = await kv.atomic().check(entry).set(entry.key, {
      ...settings,
      faults: settings.faults.filter((_, i) => i !== index),
    }).commit();
    if (res.ok) return taken;
  }
}

function privacyOptions(settings: SandboxUserSettings): string[] {
  return settings.privateAccount
    ? ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    : ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];
}

/** 19 random digits, the shape of TikTok's post ids. */
function newPostId(): string {
  const digits = Array.from(
    crypto.getRandomValues(new Uint8Array(18)),
    (b) => b % 10,
  ).join("");
  return `7${digits}`;
}

function newPublishId(kind: "video" | "photo"): string {
  const n = Array.from(
    crypto.getRandomValues(new Uint8Array(16)),
    (b) => b % 10,
  ).join("");
  return kind === "video" ? `v_pub_url~v2.${n}` : `p_pub_url~v2.${n}`;
}

/** Adds the posting endpoints to the sandbox app. */
export function addSandboxPosting(
  app: Hono,
  options: SandboxPostingOptions,
): void {
  const { kv, clock } = options;

  function reply(
    c: Context,
    status: number,
    data: unknown,
    code = "ok",
    message = "",
  ) {
    return c.json(
      { data, error: { code, message, log_id: newLogId(clock) } },
      status as 200,
    );
  }

  async function authorize(
    c: Context,
    endpoint: string,
  ): Promise<SandboxToken | Response> {
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")
      ?.[1];
    const grant = token ? await lookupAccessToken(kv, clock, token) : null;
    if (!grant) {
      return reply(
        c,
        401,
        {},
        "access_token_invalid",
        "The access token is invalid or not found in the request.",
      );
    }
    if (!grant.scope.split(",").includes("video.publish")) {
      return reply(
        c,
        401,
        {},
        "scope_not_authorized",
        "The user did not authorize the scope required for completing this request.",
      );
    }
    const minute = Math.floor(clock.now() / 60_000);
    const k = sandboxKeys.rateWindow(token!, endpoint, minute);
    const res = await kv.atomic().sum(k, 1n).commit();
    void res;
    const count = Number((await getTyped(kv, k)).value?.value ?? 0n);
    if (count > LIMITS[endpoint]) {
      return reply(
        c,
        429,
        {},
        "rate_limit_exceeded",
        "API rate limit was exceeded, please retry later.",
      );
    }
    return grant;
  }

  /** Stalls past the client's timeout; stops early if the client hangs up. */
  function stall(c: Context): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, options.stallMs ?? 30_000);
      c.req.raw.signal.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }

  /** Faults that hit an init call: answered like TikTok would. */
  async function injected(
    c: Context,
    openId: string,
  ): Promise<Response | null> {
    const f = await takeFault(kv, openId, (x) => x !== "publish_failed");
    if (!f) return null;
    switch (f.fault) {
      case "rate_limit":
        return reply(
          c,
          429,
          {},
          "rate_limit_exceeded",
          "API rate limit was exceeded, please retry later.",
        );
      case "server_error":
        return reply(
          c,
          500,
          {},
          "internal_error",
          "Something went wrong. Please try again later.",
        );
      case "spam_risk_too_many_posts":
        return reply(
          c,
          403,
          {},
          "spam_risk_too_many_posts",
          "The daily post cap from the API is reached for the current user.",
        );
      case "url_ownership_unverified":
        return reply(
          c,
          403,
          {},
          "url_ownership_unverified",
          "Please review our URL ownership verification rules.",
        );
      case "timeout": {
        await stall(c);
        return reply(c, 500, {}, "internal_error", "Timed out.");
      }
      case "slow_accept":
        // As a busy TikTok may: the client gives up, the publish is made.
        await stall(c);
        return null;
      default:
        return null;
    }
  }

  function ownsUrl(url: string): boolean {
    return options.verifiedUrlPrefixes.some((p) => url.startsWith(p));
  }

  app.post("/v2/post/publish/creator_info/query", async (c) => {
    const grant = await authorize(c, "creator_info");
    if (grant instanceof Response) return grant;
    const settings = await getSandboxSettings(kv, grant.openId);
    const user = await getTyped(kv, sandboxKeys.user(grant.openId));
    return reply(c, 200, {
      creator_avatar_url: "",
      creator_username: user.value?.username ?? "",
      creator_nickname: user.value?.displayName ?? "",
      privacy_level_options: privacyOptions(settings),
      comment_disabled: false,
      duet_disabled: settings.privateAccount,
      stitch_disabled: settings.privateAccount,
      max_video_post_duration_sec: settings.maxVideoPostDurationSec,
    });
  });

  async function startPublish(
    c: Context,
    grant: SandboxToken,
    kind: "video" | "photo",
    urls: string[],
    postInfo: Record<string, unknown>,
    photoCoverIndex?: number,
  ): Promise<Response> {
    const fault = await injected(c, grant.openId);
    if (fault) return fault;
    const settings = await getSandboxSettings(kv, grant.openId);
    const privacy = String(postInfo?.privacy_level ?? "");
    if (!privacyOptions(settings).includes(privacy)) {
      return reply(
        c,
        403,
        {},
        "privacy_level_option_mismatch",
        "privacy_level is missing or not one of the creator's options.",
      );
    }
    if (urls.some((u) => !ownsUrl(u))) {
      return reply(
        c,
        403,
        {},
        "url_ownership_unverified",
        "Please review our URL ownership verification rules.",
      );
    }
    const planned = await takeFault(
      kv,
      grant.openId,
      (x) => x === "publish_failed",
    );
    const publish: SandboxPublish = {
      publishId: newPublishId(kind),
      openId: grant.openId,
      kind,
      urls,
      privacyLevel: privacy,
      title: String(postInfo?.title ?? ""),
      createdAt: clock.now(),
      status: "PROCESSING_DOWNLOAD",
      failReason: null,
      downloadedBytes: 0,
      postId: null,
      statusCalls: 0,
      plannedFailure: planned ? planned.failReason ?? "internal" : null,
      postInfo,
      photoCoverIndex,
    };
    await kv.atomic()
      .set(sandboxKeys.publish(publish.publishId), publish)
      .sum(sandboxKeys.initCount(grant.openId), 1n)
      .commit();
    return reply(c, 200, { publish_id: publish.publishId });
  }

  app.post("/v2/post/publish/video/init", async (c) => {
    const grant = await authorize(c, "video_init");
    if (grant instanceof Response) return grant;
    const body = await c.req.json().catch(() => null) as
      | Record<string, Record<string, unknown>>
      | null;
    const source = body?.source_info;
    const post = body?.post_info;
    if (
      !source || source.source !== "PULL_FROM_URL" ||
      typeof source.video_url !== "string"
    ) {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "source_info.video_url is required for PULL_FROM_URL.",
      );
    }
    if (typeof post?.title === "string" && post.title.length > 2200) {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "post_info.title is longer than 2200.",
      );
    }
    return startPublish(c, grant, "video", [source.video_url], post ?? {});
  });

  app.post("/v2/post/publish/content/init", async (c) => {
    const grant = await authorize(c, "content_init");
    if (grant instanceof Response) return grant;
    const body = await c.req.json().catch(() => null) as
      | Record<string, unknown>
      | null;
    const source = body?.source_info as Record<string, unknown> | undefined;
    const post = (body?.post_info ?? {}) as Record<string, unknown>;
    const images = Array.isArray(source?.photo_images)
      ? source.photo_images.map(String)
      : [];
    const cover = Number(source?.photo_cover_index);
    if (body?.media_type !== "PHOTO" || body?.post_mode !== "DIRECT_POST") {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "media_type must be PHOTO and post_mode DIRECT_POST.",
      );
    }
    if (images.length < 1 || images.length > 35) {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "photo_images must hold 1 to 35 URLs.",
      );
    }
    if (!Number.isInteger(cover) || cover < 0 || cover >= images.length) {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "photo_cover_index is out of range.",
      );
    }
    if (
      String(post.title ?? "").length > 90 ||
      String(post.description ?? "").length > 4000
    ) {
      return reply(
        c,
        400,
        {},
        "invalid_param",
        "title is limited to 90 and description to 4000 characters.",
      );
    }
    return startPublish(c, grant, "photo", images, post, cover);
  });

  /** Pulls every URL like TikTok does; returns the bytes or a fail reason. */
  async function download(
    publish: SandboxPublish,
  ): Promise<{ bytes: number; failReason: string | null }> {
    let bytes = 0;
    for (const url of publish.urls) {
      try {
        const res = await fetch(url, {
          redirect: "manual",
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status !== 200 || !res.body) {
          await res.body?.cancel();
          return {
            bytes,
            failReason: publish.kind === "video"
              ? "video_pull_failed"
              : "photo_pull_failed",
          };
        }
        for await (const chunk of res.body) bytes += chunk.length;
      } catch {
        return {
          bytes,
          failReason: publish.kind === "video"
            ? "video_pull_failed"
            : "photo_pull_failed",
        };
      }
    }
    return { bytes, failReason: null };
  }

  app.post("/v2/post/publish/status/fetch", async (c) => {
    const grant = await authorize(c, "status");
    if (grant instanceof Response) return grant;
    const body = await c.req.json().catch(() => ({})) as {
      publish_id?: string;
    };
    const entry = await getTyped(
      kv,
      sandboxKeys.publish(String(body.publish_id ?? "")),
    );
    if (!entry.value) {
      return reply(
        c,
        400,
        {},
        "invalid_publish_id",
        "The publish_id does not exist.",
      );
    }
    if (entry.value.openId !== grant.openId) {
      return reply(
        c,
        400,
        {},
        "token_not_authorized_for_specified_publish_id",
        "The token is not authorized for this publish_id.",
      );
    }
    let publish: SandboxPublish = {
      ...entry.value,
      statusCalls: entry.value.statusCalls + 1,
    };
    if (publish.statusCalls === 1) {
      // First look: TikTok is downloading. The sandbox really pulls the files now.
      const pulled = await download(publish);
      publish.downloadedBytes = pulled.bytes;
      publish.failReason = pulled.failReason ?? publish.plannedFailure;
    } else if (publish.status === "PROCESSING_DOWNLOAD") {
      publish.status = publish.failReason ? "FAILED" : "PUBLISH_COMPLETE";
      if (publish.status === "PUBLISH_COMPLETE") publish.postId = newPostId();
    }
    const op = kv.atomic().check(entry).set(entry.key, publish);
    if (
      publish.status === "PUBLISH_COMPLETE" &&
      entry.value.status !== "PUBLISH_COMPLETE"
    ) {
      op.sum(sandboxKeys.postCount(publish.openId), 1n);
    }
    if (!(await op.commit()).ok) {
      publish = (await getTyped(kv, sandboxKeys.publish(publish.publishId)))
        .value!;
    }
    const visible = publish.status === "PUBLISH_COMPLETE" &&
        publish.privacyLevel === "PUBLIC_TO_EVERYONE"
      ? publish.postId
      : null;
    // Written by hand so the post id goes out as a 19-digit JSON number, as TikTok sends it.
    const text = `{"data":{"status":${JSON.stringify(publish.status)},` +
      (publish.status === "FAILED"
        ? `"fail_reason":${JSON.stringify(publish.failReason)},`
        : "") +
      `"publicaly_available_post_id":[${
        visible ?? ""
      }],"downloaded_bytes":${publish.downloadedBytes}},` +
      `"error":{"code":"ok","message":"","log_id":${
        JSON.stringify(newLogId(clock))
      }}}`;
    return c.body(text, 200, {
      "Content-Type": "application/json; charset=UTF-8",
    });
  });

  // Admin (sandbox only, not a TikTok API): settings and fault injection per user.
  app.post("/_admin/users/:openId", async (c) => {
    const openId = c.req.param("openId");
    if (!(await getTyped(kv, sandboxKeys.user(openId))).value) {
      return c.json({
        ok: false,
        error: "not_found",
        message: "No such sandbox user.",
      }, 404);
    }
    const body = await c.req.json().catch(() => ({})) as {
      private_account?: boolean;
      max_video_post_duration_sec?: number;
      faults?: { fault: string; fail_reason?: string; times?: number }[];
    };
    const bad = (body.faults ?? []).find((f) =>
      !FAULTS.includes(f.fault as SandboxFault)
    );
    if (bad) {
      return c.json({
        ok: false,
        error: "bad_request",
        message: `Unknown fault "${bad.fault}"; one of ${FAULTS.join(", ")}.`,
      }, 400);
    }
    const settings = await updateSettings(kv, openId, (s) => ({
      privateAccount: body.private_account ?? s.privateAccount,
      maxVideoPostDurationSec: body.max_video_post_duration_sec ??
        s.maxVideoPostDurationSec,
      faults: [
        ...s.faults,
        ...(body.faults ?? []).flatMap((f) =>
          Array.from({ length: f.times ?? 1 }, () => ({
            fault: f.fault as SandboxFault,
            ...(f.fail_reason ? { failReason: f.fail_reason } : {}),
          }))
        ),
      ],
    }));
    return c.json({ ok: true, settings });
  });

  app.get("/_admin/users/:openId", async (c) => {
    const openId = c.req.param("openId");
    const [posts, inits] = (await kv.getMany<[Deno.KvU64, Deno.KvU64]>([
      sandboxKeys.postCount(openId),
      sandboxKeys.initCount(openId),
    ])).map((e) => Number(e.value?.value ?? 0n));
    return c.json({
      ok: true,
      open_id: openId,
      posts,
      publishes_started: inits,
      settings: await getSandboxSettings(kv, openId),
    });
  });
}
