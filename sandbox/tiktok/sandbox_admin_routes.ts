/**
 * The sandbox's admin endpoints (sandbox only, not a TikTok API): change a
 * user's settings and queue faults, and read what the sandbox did for them
 * (posts published, publishes started, settings); revoke a user's access
 * (tokens die, `authorization.removed` is sent); settle a publish now;
 * switch the simulator's webhooks on, off or to duplicates.
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxFault, SandboxUserSettings } from "./sandbox_records.ts";
import {
  isSandboxFault,
  REFRESH_FAULTS,
  SANDBOX_FAULTS,
} from "./sandbox_faults.ts";
import {
  getSandboxSettings,
  updateSandboxSettings,
} from "./sandbox_settings.ts";
import {
  SANDBOX_WEBHOOK_MODES,
  sendSandboxEvent,
  webhookMode,
} from "./sandbox_webhooks.ts";
import type { SandboxWebhookOptions } from "./sandbox_webhooks.ts";
import { revokeUserTokens } from "./sandbox_store.ts";
import { settlePublishNow } from "./sandbox_status_route.ts";
import type { SandboxWebhookMode } from "./sandbox_records.ts";
import { CREATOR_INFO_REFUSALS } from "./sandbox_records.ts";
import { readAdminBody } from "./sandbox_json_body.ts";
import type { CreatorInfoRefusal } from "./sandbox_records.ts";

/**
 * The most faults a user's queue holds: the queue is one KV value (at most
 * 64 KiB), so a longer one could not be stored, and an admin body asking
 * for millions must not be built in memory first.
 */
const MAX_QUEUED_FAULTS = 200;

/**
 * The admin body: settings to change and faults to queue. Strict, so a
 * misspelt setting is refused rather than skipped; the names of faults
 * and refusals are checked below, each with the list it must come from.
 */
const AdminChange = z.strictObject({
  private_account: z.boolean().optional(),
  /** creator_info's comment_disabled (comments set to "No one"). */
  comment_disabled: z.boolean().optional(),
  max_video_post_duration_sec: z.number().int().positive().optional(),
  /** Faults of the next token refreshes: "invalid_grant", "server_error". */
  refresh_faults: z.array(z.string()).optional(),
  /** false: FILES_BASE_URL is not a verified URL prefix for this user's pulls. */
  url_prefix_verified: z.boolean().optional(),
  /**
   * TikTok's "cannot post now" answer to every creator_info call (HTTP 200
   * with this error code) until set back to null.
   */
  creator_info_error: z.string().nullable().optional(),
  /**
   * Empties the user's queue (refresh faults included) before the body's
   * faults are queued: else faults only accumulate until used up
   * (docs/sandbox.md#admin-endpoint-and-faults). Only `true` is taken.
   */
  clear_faults: z.literal(true).optional(),
  faults: z.array(z.strictObject({
    fault: z.string(),
    /** publish_failed alone: the publish's fail_reason. */
    fail_reason: z.string().min(1).max(100).optional(),
    times: z.number().int().positive().optional(),
    /** upload_chunk_* faults: the 1-based chunk they wait for. */
    chunk: z.number().int().positive().optional(),
    /** slow_answer (needed there, refused elsewhere): its wait in ms. */
    delay_ms: z.number().int().positive().max(120_000).optional(),
  })).optional(),
});
type AdminChange = z.infer<typeof AdminChange>;

/** A revocation: TikTok's `authorization.removed` reason (1 by default). */
const RevokeBody = z.strictObject({ reason: z.number().int().optional() });

/** Settling a publish takes no body. */
const NoBody = z.strictObject({});

/** A refusal in the admin endpoints' envelope. */
function adminRefusal(
  c: Context,
  status: 400 | 404,
  error: string,
  message: string,
): Response {
  return c.json({ ok: false, error, message }, status);
}

/** Adds the admin endpoints to the sandbox app. */
export function addAdminRoutes(
  app: Hono,
  options: SandboxWebhookOptions,
): void {
  const { kv } = options;

  /** The 404 for a user the sandbox does not know, or null. */
  async function unknownUser(
    c: Context,
    openId: string,
  ): Promise<Response | null> {
    return (await getTyped(kv, sandboxKeys.user(openId))).value
      ? null
      : adminRefusal(c, 404, "not_found", "No such sandbox user.");
  }

  app.post("/_admin/users/:openId/revoke", async (c) => {
    const openId = c.req.param("openId");
    const unknown = await unknownUser(c, openId);
    if (unknown) return unknown;
    const read = await readAdminBody(c, RevokeBody);
    if (read instanceof Response) return read;
    const reason = read.data.reason ?? 1;
    const tokens = await revokeUserTokens(kv, openId);
    await sendSandboxEvent(
      options,
      openId,
      "authorization.removed",
      JSON.stringify({ reason }),
    );
    return c.json({ ok: true, tokens_revoked: tokens });
  });

  app.post("/_admin/publishes/:publishId/settle", async (c) => {
    const read = await readAdminBody(c, NoBody);
    if (read instanceof Response) return read;
    const publish = await settlePublishNow(options, c.req.param("publishId"));
    if (!publish) {
      return adminRefusal(c, 404, "not_found", "No such publish.");
    }
    return c.json({
      ok: true,
      status: publish.status,
      fail_reason: publish.failReason,
    });
  });

  app.get("/_admin/users/:openId/webhooks", async (c) => {
    const unknown = await unknownUser(c, c.req.param("openId"));
    if (unknown) return unknown;
    const sent = await getTyped(
      kv,
      sandboxKeys.webhooksSent(c.req.param("openId")),
    );
    return c.json({ ok: true, sent: Number(sent.value?.value ?? 0n) });
  });

  app.get("/_admin/webhooks", async (c) => {
    return c.json({
      ok: true,
      mode: await webhookMode(options),
      url: options.webhookUrl ?? null,
    });
  });

  app.post("/_admin/webhooks", async (c) => {
    const read = await readAdminBody(
      c,
      z.strictObject({ mode: z.string().optional() }),
    );
    if (read instanceof Response) return read;
    const mode = read.data.mode as SandboxWebhookMode;
    if (!SANDBOX_WEBHOOK_MODES.includes(mode)) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        `mode must be one of ${SANDBOX_WEBHOOK_MODES.join(", ")}.`,
      );
    }
    await kv.set(sandboxKeys.webhookMode(), mode);
    return c.json({ ok: true, mode });
  });

  app.post("/_admin/users/:openId", async (c) => {
    const openId = c.req.param("openId");
    const unknown = await unknownUser(c, openId);
    if (unknown) return unknown;
    const read = await readAdminBody(c, AdminChange);
    if (read instanceof Response) return read;
    const body = read.data;
    const bad = (body.faults ?? []).find((f) => !isSandboxFault(f.fault));
    if (bad) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        `Unknown fault "${bad.fault}"; one of ${SANDBOX_FAULTS.join(", ")}.`,
      );
    }
    const badDelay = (body.faults ?? []).find((f) =>
      (f.fault === "slow_answer") !== (f.delay_ms !== undefined)
    );
    if (badDelay) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        "delay_ms is needed by slow_answer and taken by no other fault.",
      );
    }
    // An option is refused where its fault would ignore it, as delay_ms
    // is: a test queueing pull_failed with a fail_reason means one it
    // would never get (docs/sandbox.md#admin-endpoint-and-faults).
    const misplaced = (body.faults ?? []).find((f) =>
      (f.chunk !== undefined && !f.fault.startsWith("upload_chunk_")) ||
      (f.fail_reason !== undefined && f.fault !== "publish_failed")
    );
    if (misplaced) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        misplaced.chunk !== undefined &&
          !misplaced.fault.startsWith("upload_chunk_")
          ? "chunk is taken by the upload_chunk_* faults alone."
          : "fail_reason is taken by publish_failed alone.",
      );
    }
    const refusal = body.creator_info_error;
    if (
      refusal !== undefined && refusal !== null &&
      !(CREATOR_INFO_REFUSALS as readonly string[]).includes(refusal)
    ) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        `Unknown creator_info_error "${refusal}"; one of ${
          CREATOR_INFO_REFUSALS.join(", ")
        }, or null.`,
      );
    }
    const badRefresh = (body.refresh_faults ?? []).find((f) =>
      !isRefreshFault(`refresh_${f}`)
    );
    if (badRefresh !== undefined) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        `Unknown refresh fault "${badRefresh}"; one of ${
          REFRESH_FAULTS.map((f) => f.replace(/^refresh_/, "")).join(", ")
        }.`,
      );
    }
    const adding = (body.faults ?? []).reduce((n, f) => n + (f.times ?? 1), 0) +
      (body.refresh_faults ?? []).length;
    const settings = adding > MAX_QUEUED_FAULTS
      ? null
      : await updateSandboxSettings(
        kv,
        openId,
        (s) =>
          (body.clear_faults ? 0 : s.faults.length) + adding >
              MAX_QUEUED_FAULTS
            ? null
            : applyChange(s, body),
      );
    if (!settings) {
      return adminRefusal(
        c,
        400,
        "bad_request",
        `A user's queue holds at most ${MAX_QUEUED_FAULTS} faults; this would make it longer ("clear_faults": true empties it first).`,
      );
    }
    return c.json({ ok: true, settings });
  });

  app.get("/_admin/users/:openId", async (c) => {
    const openId = c.req.param("openId");
    const unknown = await unknownUser(c, openId);
    if (unknown) return unknown;
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

function isRefreshFault(name: string): boolean {
  return (REFRESH_FAULTS as readonly string[]).includes(name);
}

/**
 * The settings after an admin change: given fields replace, faults queue
 * after the ones already waiting (`times` copies each, 1 by default), or
 * alone after `clear_faults`.
 * The faults' names are checked before.
 */
function applyChange(
  settings: SandboxUserSettings,
  change: AdminChange,
): SandboxUserSettings {
  return {
    privateAccount: change.private_account ?? settings.privateAccount,
    commentDisabled: change.comment_disabled ?? settings.commentDisabled,
    maxVideoPostDurationSec: change.max_video_post_duration_sec ??
      settings.maxVideoPostDurationSec,
    urlPrefixUnverified: change.url_prefix_verified === undefined
      ? settings.urlPrefixUnverified
      : !change.url_prefix_verified,
    creatorInfoError: change.creator_info_error === undefined
      ? settings.creatorInfoError
      // Checked against CREATOR_INFO_REFUSALS before.
      : (change.creator_info_error as CreatorInfoRefusal | null) ?? undefined,
    faults: [
      ...(change.clear_faults ? [] : settings.faults),
      ...(change.faults ?? []).flatMap((f) =>
        Array.from({ length: f.times ?? 1 }, () => ({
          fault: f.fault as SandboxFault,
          ...(f.fail_reason ? { failReason: f.fail_reason } : {}),
          ...(f.chunk === undefined ? {} : { chunk: f.chunk }),
          ...(f.delay_ms === undefined ? {} : { delayMs: f.delay_ms }),
        }))
      ),
      ...(change.refresh_faults ?? []).map((f) => ({
        fault: `refresh_${f}` as SandboxFault,
      })),
    ],
  };
}
