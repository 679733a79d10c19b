/**
 * Configuration: environment variables read once and validated with zod.
 * With no variables at all PM3K runs in the embedded default: file KV under
 * `./data`, local media, and the TikTok sandbox mounted in the app.
 * @module
 */
import { classifyAddress } from "./net/ip_ranges.ts";
import { z } from "zod";
import type { S3Bucket } from "./storage/s3_storage.ts";
import type { TikTokAppCredentials } from "./tiktok/tiktok_app_record.ts";
import { tiktokScopes } from "./tiktok/tiktok_scopes.ts";

/** The TikTok client key and secret of the built-in sandbox (not secrets). */
export const SANDBOX_CLIENT_KEY = "pm3k_sandbox_client";
export const SANDBOX_CLIENT_SECRET = "pm3k_sandbox_secret";

const optionalText = z.string().trim().min(1).optional();
const httpUrl = z.url({
  protocol: /^https?$/,
  error:
    "must be a full http:// or https:// URL, such as https://pm3k.example.com",
}).transform((u) =>
  // Written as a browser and TikTok write it (the host in lower case, no
  // :443 or :80): TikTok matches the redirect URI exactly against the one
  // registered (docs/tiktok-audit.md#developer-portal-settings).
  new URL(u).href.replace(/\/+$/, "")
);
/** A URL that paths are appended to: a query or fragment would break them. */
const baseUrl = httpUrl.refine((u) => {
  const url = new URL(u);
  // An empty "#" leaves no hash: the text says whether one was given.
  return url.search === "" && !u.includes("#");
}, "must not carry a query (?) or fragment (#): PM3K appends paths to it")
  .refine(
    (u) => {
      const url = new URL(u);
      return url.username === "" && url.password === "";
    },
    "must not carry a user name or password (user:password@): they would be written into every link PM3K gives, and TikTok and fetch refuse such URLs",
  );
/**
 * PUBLIC_BASE_URL: PM3K serves from `/` and appends `/auth/callback` and
 * `/webhooks/tiktok` itself, so a path here (say, the redirect URI pasted
 * whole) would name addresses the app does not serve.
 */
const originUrl = baseUrl.refine(
  (u) => new URL(u).pathname === "/",
  "must be the origin only (scheme, host and port, e.g. https://pm3k.example.com), without a path: PM3K adds /auth/callback and /webhooks/tiktok itself",
);

/**
 * TIKTOK_SITE_VERIFICATION: the signature file TikTok's developer portal
 * gives to prove a URL prefix is the app owner's, as `<file name>=<content>`
 * (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok). PM3K serves it
 * at the site root, so `PUBLIC_BASE_URL/` can be verified without DNS.
 */
export const siteVerification = z.string().trim().transform((value, ctx) => {
  const at = value.indexOf("=");
  const fileName = value.slice(0, at).trim();
  const content = value.slice(at + 1).trim();
  if (
    at < 1 || !/^[A-Za-z0-9][A-Za-z0-9_-]*\.txt$/.test(fileName) ||
    content === "" || /[\r\n]/.test(content)
  ) {
    ctx.addIssue({
      code: "custom",
      message:
        "must be the file name and content TikTok gives, as <file name>=<content>, such as tiktokAbC123.txt=tiktok-developers-site-verification=AbC123",
    });
    return z.NEVER;
  }
  return { fileName, content };
});

/**
 * SERVICE_NAME when unset: the software's own name, which audit-check notes
 * (docs/tiktok-audit.md#the-service-name).
 */
export const DEFAULT_SERVICE_NAME = "PM3K";

/** Longest SERVICE_NAME taken: a page title and TikTok's app name fit it. */
export const MAX_SERVICE_NAME_LENGTH = 60;

/**
 * SERVICE_NAME: the name creators see on every page, which TikTok's app
 * review wants to match the app's name in the developer portal
 * (docs/tiktok-audit.md#the-service-name). One line of text: a control
 * character (a newline, say) would break titles and log lines.
 */
const serviceName = z.string().trim()
  .min(1, "must not be blank")
  .max(
    MAX_SERVICE_NAME_LENGTH,
    `must be at most ${MAX_SERVICE_NAME_LENGTH} characters`,
  )
  // deno-lint-ignore no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), {
    error: "must not contain control characters (one line of text)",
  });

/**
 * A number in a range, said in the operator's words rather than zod's
 * ("expected number, received NaN"): one line naming the variable and the
 * range (docs/configuration.md#variables).
 */
function numberIn(min: number, max: number, options: { whole: boolean }) {
  const error = `must be ${
    options.whole ? "a whole number" : "a number"
  } from ${min} to ${max}`;
  const n = z.coerce.number({ error }).min(min, { error }).max(max, {
    error,
  });
  return options.whole ? n.int({ error }) : n;
}

/** Shortest SECRET_KEY (or generated `secret.key`) taken. */
export const MIN_SECRET_KEY_LENGTH = 32;

const envSchema = z.object({
  PORT: numberIn(0, 65535, { whole: true }).default(8000),
  DATA_DIR: z.string().min(1).default("./data"),
  KV_PATH: optionalText,
  PUBLIC_BASE_URL: originUrl.optional(),
  SECRET_KEY: z.string().min(
    MIN_SECRET_KEY_LENGTH,
    `must be at least ${MIN_SECRET_KEY_LENGTH} characters`,
  ).optional(),
  TIKTOK_CLIENT_KEY: optionalText,
  TIKTOK_CLIENT_SECRET: optionalText,
  TIKTOK_AUTH_BASE_URL: httpUrl.default("https://www.tiktok.com"),
  TIKTOK_API_BASE_URL: httpUrl.default("https://open.tiktokapis.com"),
  SESSION_TTL_HOURS: numberIn(1, 24 * 90, { whole: true }).default(24 * 14),
  LOG_REQUESTS: z.enum(["true", "false"]).default("true"),
  TRUSTED_PROXIES: numberIn(0, 5, { whole: true }).default(0),
  TIKTOK_TIMEOUT_MS: numberIn(100, 120_000, { whole: true }).default(20_000),
  STOP_WORDS_EXTRA: z.string().optional(),
  QUEUES: z.enum(["on", "off"]).optional(),
  S3_ENDPOINT: httpUrl.optional(),
  S3_REGION: optionalText,
  S3_BUCKET: optionalText,
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  FILES_BASE_URL: baseUrl.optional(),
  PUBLISH_DEADLINE_HOURS: numberIn(1, 24 * 7, { whole: false }).default(24),
  SANDBOX_WEBHOOKS: z.enum(["on", "off", "duplicate"]).default("on"),
  TIKTOK_VIDEO_SOURCE: z.enum(["auto", "pull", "file"]).default("auto"),
  TIKTOK_APP_AUDITED: z.enum(["true", "false"]).optional(),
  TIKTOK_POST_STATS: z.enum(["on", "off"]).optional(),
  SERVICE_NAME: serviceName.default(DEFAULT_SERVICE_NAME),
  OPERATOR_NAME: optionalText,
  CONTACT_EMAIL: z.email({
    error: "must be one email address, such as privacy@example.com",
  }).optional(),
  PRIVACY_POLICY_URL: httpUrl.optional(),
  TERMS_URL: httpUrl.optional(),
  TIKTOK_SITE_VERIFICATION: siteVerification.optional(),
  DENO_DEPLOYMENT_ID: optionalText,
});

/** Validated, derived configuration. */
export interface Config {
  port: number;
  dataDir: string;
  /** `:memory:`, a file path, or a KV Connect URL; undefined on Deno Deploy. */
  kvPath: string | undefined;
  publicBaseUrl: string;
  /** Undefined in the embedded default: a local key is generated under dataDir. */
  secretKey: string | undefined;
  /** True when no TikTok credentials are configured: the sandbox is mounted. */
  sandbox: boolean;
  onDeploy: boolean;
  logRequests: boolean;
  /**
   * How many reverse proxies stand in front of PM3K, each appending to
   * X-Forwarded-For (TRUSTED_PROXIES); 0: the header is not read
   * (client_address.ts).
   */
  trustedProxies: number;
  sessionTtlMs: number;
  storage: StorageConfig;
  /** How long PM3K waits for TikTok's answer. */
  tiktokTimeoutMs: number;
  /** kv.enqueue in use (local file KV); off on Deploy, denokv and :memory:. */
  queues: boolean;
  /** Extra forbidden words or phrases (comma-separated STOP_WORDS_EXTRA). */
  stopWordsExtra: string[];
  /** Public URL prefix of stored media (what TikTok downloads from). */
  filesBaseUrl: string;
  /**
   * A publish not final this long after TikTok accepted it becomes
   * failed/publish_timeout (PUBLISH_DEADLINE_HOURS).
   */
  publishDeadlineHours: number;
  /**
   * Whether the TikTok simulator sends its webhooks (SANDBOX_WEBHOOKS; its
   * admin endpoint can change it while running).
   */
  sandboxWebhooks: "on" | "off" | "duplicate";
  /**
   * How videos reach TikTok (docs/posting.md#video-source): `pull` (TikTok
   * downloads FILES_BASE_URL), `file` (PM3K uploads the file in chunks), or
   * `auto` (pull, then a file upload when the pull cannot work).
   */
  tiktokVideoSource: "auto" | "pull" | "file";
  /**
   * Whether the TikTok app passed TikTok's audit (TIKTOK_APP_AUDITED): when
   * false only SELF_ONLY posts are accepted (docs/posting.md#unaudited-apps).
   * Default: false with real TikTok, true with the simulator.
   */
  tiktokAppAudited: boolean;
  /** Who runs this PM3K, for its policy pages (docs/accounts.md#privacy-policy-and-terms). */
  site: SiteConfig;
  /**
   * TikTok's URL-ownership signature file, served at `/<fileName>`
   * (TIKTOK_SITE_VERIFICATION); null when unset.
   */
  tiktokSiteVerification: { fileName: string; content: string } | null;
  tiktok: TikTokAppCredentials;
}

/**
 * The operator behind this PM3K, named on its Privacy Policy and Terms of
 * Service pages, or the operator's own pages linked instead of them.
 */
export interface SiteConfig {
  /**
   * SERVICE_NAME: the service's name on every page, the OpenAPI document,
   * the MCP server and the start-up line (default "PM3K").
   */
  serviceName: string;
  /** OPERATOR_NAME: the person or company responsible for this service. */
  operatorName: string | null;
  /** CONTACT_EMAIL: where users write about their data. */
  contactEmail: string | null;
  /** PRIVACY_POLICY_URL: the operator's own privacy policy, if any. */
  privacyPolicyUrl: string | null;
  /** TERMS_URL: the operator's own terms of service, if any. */
  termsUrl: string | null;
}

/** Where media lives: the local disk (embedded default) or an S3 bucket. */
export type StorageConfig =
  | { kind: "local" }
  | ({ kind: "s3" } & S3Bucket);

const S3_VARIABLES = [
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_BUCKET",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "FILES_BASE_URL",
] as const;

/** A configuration error, one line naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Every variable name this module reads. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/** Reads the variables this module knows from the process environment. */
export function readEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    CONFIG_VARIABLES.map((name) => [name, Deno.env.get(name)]),
  );
}

/**
 * Validates the environment and derives the configuration.
 * @throws {ConfigError} naming the first bad or missing variable
 */
export function loadConfig(
  env: Record<string, string | undefined> = readEnv(),
): Config {
  // Empty strings count as unset, as in most deployment consoles.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(
      `Invalid configuration: ${name} ${
        cleaned[name] === undefined
          ? "is required"
          : `is invalid: ${issue.message}`
      }`,
    );
  }
  const e = parsed.data;
  const onDeploy = e.DENO_DEPLOYMENT_ID !== undefined;
  // Either credential means production: a key given under another name
  // (TIKTOK_CLIENT_ID, say) must not fall back to the sandbox unnoticed.
  const sandbox = e.TIKTOK_CLIENT_KEY === undefined &&
    e.TIKTOK_CLIENT_SECRET === undefined;
  if (!sandbox || onDeploy) {
    // Production: everything a real deployment needs must be given.
    for (
      const name of [
        "TIKTOK_CLIENT_KEY",
        "TIKTOK_CLIENT_SECRET",
        "PUBLIC_BASE_URL",
        "SECRET_KEY",
      ] as const
    ) {
      if (e[name] === undefined) {
        throw new ConfigError(
          `Invalid configuration: ${name} is required in production (TikTok credentials or Deno Deploy detected)`,
        );
      }
    }
  }
  const useS3 = e.S3_BUCKET !== undefined || e.S3_ENDPOINT !== undefined;
  if (useS3) {
    for (const name of S3_VARIABLES) {
      if (e[name] === undefined) {
        throw new ConfigError(
          `Invalid configuration: ${name} is required when S3 storage is configured`,
        );
      }
    }
    if (e.S3_FORCE_PATH_STYLE === "false" && isIpLiteral(e.S3_ENDPOINT!)) {
      // Virtual-hosted addresses put the bucket before the host, and
      // `bucket.127.0.0.1` names nothing (docs/media.md#s3-adapter).
      throw new ConfigError(
        `Invalid configuration: S3_FORCE_PATH_STYLE must be true when S3_ENDPOINT is an IP address (${
          new URL(e.S3_ENDPOINT!).host
        }): a virtual-hosted bucket address (${e.S3_BUCKET}.<ip>) cannot be reached; set S3_FORCE_PATH_STYLE=true`,
      );
    }
  } else if (onDeploy) {
    throw new ConfigError(
      "Invalid configuration: S3_BUCKET is required on Deno Deploy (local-disk storage cannot be used there)",
    );
  }
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
  const kvPath = e.KV_PATH ?? (onDeploy ? undefined : `${e.DATA_DIR}/pm3k.kv`);
  if (!onDeploy && e.QUEUES === "on" && kvPath?.includes("://")) {
    // Enqueued work would never be delivered: refuse rather than lose it.
    throw new ConfigError(
      "Invalid configuration: QUEUES=on cannot be used with a KV Connect URL in KV_PATH (KV Connect carries no queues); leave QUEUES unset and the crons do the background work (docs/deploy.md)",
    );
  }
  const sandboxBase = `${publicBaseUrl}/_sandbox/tiktok`;
  return {
    port: e.PORT,
    dataDir: e.DATA_DIR,
    kvPath,
    publicBaseUrl,
    secretKey: e.SECRET_KEY,
    sandbox,
    onDeploy,
    logRequests: e.LOG_REQUESTS === "true",
    trustedProxies: e.TRUSTED_PROXIES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    storage: useS3
      ? {
        kind: "s3",
        endpoint: e.S3_ENDPOINT!,
        region: e.S3_REGION!,
        bucket: e.S3_BUCKET!,
        accessKeyId: e.S3_ACCESS_KEY_ID!,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
        forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
      }
      : { kind: "local" },
    filesBaseUrl: e.FILES_BASE_URL ?? `${publicBaseUrl}/files`,
    tiktokAppAudited: e.TIKTOK_APP_AUDITED === undefined
      ? sandbox
      : e.TIKTOK_APP_AUDITED === "true",
    site: {
      serviceName: e.SERVICE_NAME,
      operatorName: e.OPERATOR_NAME ?? null,
      contactEmail: e.CONTACT_EMAIL ?? null,
      privacyPolicyUrl: e.PRIVACY_POLICY_URL ?? null,
      termsUrl: e.TERMS_URL ?? null,
    },
    tiktokSiteVerification: e.TIKTOK_SITE_VERIFICATION ?? null,
    tiktokTimeoutMs: e.TIKTOK_TIMEOUT_MS,
    publishDeadlineHours: e.PUBLISH_DEADLINE_HOURS,
    sandboxWebhooks: e.SANDBOX_WEBHOOKS,
    tiktokVideoSource: e.TIKTOK_VIDEO_SOURCE,
    // Deploy has no queues: its crons do all background work, whatever
    // KV_PATH or QUEUES say.
    queues: onDeploy
      ? false
      : e.QUEUES === undefined
      ? localFileKv(kvPath)
      : e.QUEUES === "on",
    stopWordsExtra: (e.STOP_WORDS_EXTRA ?? "").split(",").map((w) => w.trim())
      .filter(Boolean),
    tiktok: {
      ...(sandbox
        ? {
          clientKey: SANDBOX_CLIENT_KEY,
          clientSecret: SANDBOX_CLIENT_SECRET,
          authBaseUrl: sandboxBase,
          apiBaseUrl: sandboxBase,
        }
        : {
          clientKey: e.TIKTOK_CLIENT_KEY!,
          clientSecret: e.TIKTOK_CLIENT_SECRET!,
          authBaseUrl: e.TIKTOK_AUTH_BASE_URL,
          apiBaseUrl: e.TIKTOK_API_BASE_URL,
        }),
      // Off by default with the real TikTok: an app without the Display
      // API would have every sign-in refused for asking video.list
      // (docs/tiktok-audit.md#scopes-and-post-stats).
      scopes: tiktokScopes(
        e.TIKTOK_POST_STATS === undefined
          ? sandbox
          : e.TIKTOK_POST_STATS === "on",
      ),
    },
  };
}

/** Queues exist only in the local SQLite KV (not Deploy, denokv or memory). */
function localFileKv(kvPath: string | undefined): boolean {
  return kvPath !== undefined && kvPath !== ":memory:" &&
    !kvPath.includes("://");
}

/** Whether a URL's host is an IPv4 or IPv6 address rather than a name. */
function isIpLiteral(url: string): boolean {
  return classifyAddress(new URL(url).hostname) !== null;
}
