/**
 * The sandbox's admin endpoints (sandbox only, not a TikTok API): change a
 * user's settings and queue faults, and read what the sandbox did for them
 * (posts published, publishes started, settings).
 * @module
 */
import type { Hono } from "hono";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxFault, SandboxUserSettings } from "./sandbox_records.ts";
import { isSandboxFault, SANDBOX_FAULTS } from "./sandbox_faults.ts";
import {
  getSandboxSettings,
  updateSandboxSettings,
} from "./sandbox_settings.ts";

/** The admin body: settings to change and faults to queue. */
interface AdminChange {
  private_account?: boolean;
  max_video_post_duration_sec?: number;
  /** false: FILES_BASE_URL is not a verified URL prefix for this user's pulls. */
  url_prefix_verified?: boolean;
  faults?: {
    fault: string;
    fail_reason?: string;
    times?: number;
    /** upload_chunk_* faults: the 1-based chunk they wait for. */
    chunk?: number;
  }[];
}

/** Adds GET and POST /_admin/users/:openId to the sandbox app. */
export function addAdminRoutes(app: Hono, options: { kv: Deno.Kv }): void {
  const { kv } = options;

  app.post("/_admin/users/:openId", async (c) => {
    const openId = c.req.param("openId");
    if (!(await getTyped(kv, sandboxKeys.user(openId))).value) {
      return c.json({
        ok: false,
        error: "not_found",
        message: "No such sandbox user.",
      }, 404);
    }
    const body = await c.req.json().catch(() => ({})) as AdminChange;
    const bad = (body.faults ?? []).find((f) => !isSandboxFault(f.fault));
    if (bad) {
      return c.json({
        ok: false,
        error: "bad_request",
        message: `Unknown fault "${bad.fault}"; one of ${
          SANDBOX_FAULTS.join(", ")
        }.`,
      }, 400);
    }
    const settings = await updateSandboxSettings(
      kv,
      openId,
      (s) => applyChange(s, body),
    );
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

/**
 * The settings after an admin change: given fields replace, faults queue
 * after the ones already waiting (`times` copies each, 1 by default).
 * The faults' names are checked before.
 */
function applyChange(
  settings: SandboxUserSettings,
  change: AdminChange,
): SandboxUserSettings {
  return {
    privateAccount: change.private_account ?? settings.privateAccount,
    maxVideoPostDurationSec: change.max_video_post_duration_sec ??
      settings.maxVideoPostDurationSec,
    urlPrefixUnverified: change.url_prefix_verified === undefined
      ? settings.urlPrefixUnverified
      : !change.url_prefix_verified,
    faults: [
      ...settings.faults,
      ...(change.faults ?? []).flatMap((f) =>
        Array.from({ length: f.times ?? 1 }, () => ({
          fault: f.fault as SandboxFault,
          ...(f.fail_reason ? { failReason: f.fail_reason } : {}),
          ...(Number.isInteger(f.chunk) ? { chunk: f.chunk } : {}),
        }))
      ),
    ],
  };
}
