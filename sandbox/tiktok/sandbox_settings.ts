/**
 * A sandbox user's settings (private account, longest video, queued faults)
 * in KV, and what TikTok derives from them (the privacy options).
 * @module
 */
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type {
  QueuedFault,
  SandboxFault,
  SandboxUserSettings,
} from "./sandbox_records.ts";

/** A user nobody configured: public, 300 s videos, no faults. */
export const DEFAULT_SETTINGS: SandboxUserSettings = {
  privateAccount: false,
  maxVideoPostDurationSec: 300,
  faults: [],
};

export async function getSandboxSettings(
  kv: Deno.Kv,
  openId: string,
): Promise<SandboxUserSettings> {
  return (await getTyped(kv, sandboxKeys.userSettings(openId))).value ??
    DEFAULT_SETTINGS;
}

/**
 * Applies `change` to the user's settings atomically; returns the result,
 * or null when `change` refused the settings it was given (nothing written).
 */
export async function updateSandboxSettings(
  kv: Deno.Kv,
  openId: string,
  change: (s: SandboxUserSettings) => SandboxUserSettings | null,
): Promise<SandboxUserSettings | null> {
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.userSettings(openId));
    const next = change(entry.value ?? DEFAULT_SETTINGS);
    if (!next) return null;
    const res = await kv.atomic().check(entry).set(entry.key, next).commit();
    if (res.ok) return next;
  }
}

/** Takes the next queued fault of a kind that applies now, if any. */
export async function takeFault(
  kv: Deno.Kv,
  openId: string,
  applies: (f: SandboxFault, entry: QueuedFault) => boolean,
): Promise<QueuedFault | null> {
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.userSettings(openId));
    const settings = entry.value ?? DEFAULT_SETTINGS;
    const index = settings.faults.findIndex((f) => applies(f.fault, f));
    if (index < 0) return null;
    const taken = settings.faults[index];
    const res = await kv.atomic().check(entry).set(entry.key, {
      ...settings,
      faults: settings.faults.filter((_, i) => i !== index),
    }).commit();
    if (res.ok) return taken;
  }
}

/** The privacy levels TikTok offers the creator (creator_info's list). */
export function privacyOptions(settings: SandboxUserSettings): string[] {
  return settings.privateAccount
    ? ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    : ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];
}
