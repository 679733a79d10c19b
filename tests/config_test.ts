/** Configuration: zod over env vars, one clear line on a bad value. */
import assert from "node:assert/strict";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../lib/config.ts";
import { tiktokAppNotice } from "../lib/tiktok_app/tiktok_app_notice.ts";
import { tiktokAddressWarning } from "../lib/tiktok_app/tiktok_address_warning.ts";
import { policyContactWarning } from "../lib/tiktok_app/policy_contact_warning.ts";

const PROD = {
  TIKTOK_CLIENT_KEY: "awxxx",
  TIKTOK_CLIENT_SECRET: "secret",
  PUBLIC_BASE_URL: "https://pm3k.example",
  SECRET_KEY: "0123456789abcdef0123456789abcdef",
};

Deno.test("no variables at all give the embedded default", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8000);
  assert.equal(config.dataDir, "./data");
  assert.equal(config.kvPath, "./data/pm3k.kv");
  assert.equal(config.sandbox, true);
  assert.equal(config.publicBaseUrl, "http://localhost:8000");
  assert.equal(
    config.tiktok.apiBaseUrl,
    "http://localhost:8000/_sandbox/tiktok",
  );
});

Deno.test("by default videos go PULL first with FILE_UPLOAD as fallback, and a publish has 24 hours to finish", () => {
  for (
    const env of [{}, {
      TIKTOK_CLIENT_KEY: "k",
      TIKTOK_CLIENT_SECRET: "s",
      PUBLIC_BASE_URL: "https://pm3k.example",
      SECRET_KEY: "a-secret-key-of-enough-length-0000000000",
    }]
  ) {
    const config = loadConfig(env);
    assert.equal(config.tiktokVideoSource, "auto");
    assert.equal(config.publishDeadlineHours, 24);
  }
});

Deno.test("PORT and DATA_DIR move the server and its data", () => {
  const config = loadConfig({ PORT: "9100", DATA_DIR: "/tmp/x" });
  assert.equal(config.port, 9100);
  assert.equal(config.kvPath, "/tmp/x/pm3k.kv");
  assert.equal(config.publicBaseUrl, "http://localhost:9100");
});

Deno.test("production configuration uses TikTok's real hosts", () => {
  const config = loadConfig(PROD);
  assert.equal(config.sandbox, false);
  assert.equal(config.tiktok.authBaseUrl, "https://www.tiktok.com");
  assert.equal(config.tiktok.apiBaseUrl, "https://open.tiktokapis.com");
});

/** Each env is refused with a ConfigError of one line matching its pattern. */
function assertRefusedInOneLine(cases: [Record<string, string>, RegExp][]) {
  for (const [env, pattern] of cases) {
    assert.throws(() => loadConfig(env), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    });
  }
}

Deno.test("a missing or invalid variable is named in one line", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { PORT: "eighty" },
      /^Invalid configuration: PORT is invalid: must be a whole number from 0 to 65535$/,
    ],
    [{ PORT: "70000" }, /^Invalid configuration: PORT is invalid: must be a/],
    [
      { TIKTOK_TIMEOUT_MS: "20s" },
      /^Invalid configuration: TIKTOK_TIMEOUT_MS is invalid: must be a whole number from 100 to 120000$/,
    ],
    [
      { SESSION_TTL_HOURS: "1.5" },
      /^Invalid configuration: SESSION_TTL_HOURS is invalid: must be a whole number from 1 to 2160$/,
    ],
    [
      { PUBLISH_DEADLINE_HOURS: "a day" },
      /^Invalid configuration: PUBLISH_DEADLINE_HOURS is invalid: must be a number from 1 to 168$/,
    ],
    [
      { TRUSTED_PROXIES: "yes" },
      /^Invalid configuration: TRUSTED_PROXIES is invalid: must be a whole number from 0 to 5$/,
    ],
    [{ PUBLIC_BASE_URL: "ftp://x" }, /^Invalid configuration: PUBLIC_BASE_URL/],
    [{ SECRET_KEY: "short" }, /^Invalid configuration: SECRET_KEY .*32/],
    [{ ...PROD, TIKTOK_CLIENT_SECRET: "" }, /TIKTOK_CLIENT_SECRET is required/],
    [{ ...PROD, SECRET_KEY: "" }, /SECRET_KEY is required/],
    [{ DENO_DEPLOYMENT_ID: "abc" }, /TIKTOK_CLIENT_KEY is required/],
  ];
  assertRefusedInOneLine(cases);
});

Deno.test("a likely mistake in the TikTok or URL variables is named, not run with", () => {
  const cases: [Record<string, string>, RegExp][] = [
    // The key under another name: not the sandbox, unnoticed.
    [
      { TIKTOK_CLIENT_SECRET: "secret", TIKTOK_CLIENT_ID: "awxxx" },
      /^Invalid configuration: TIKTOK_CLIENT_KEY is required in production/,
    ],
    [
      { PUBLIC_BASE_URL: "pm3k.example.com" },
      /^Invalid configuration: PUBLIC_BASE_URL is invalid: must be a full http:\/\/ or https:\/\/ URL/,
    ],
    // The redirect URI pasted whole, or a path PM3K does not serve under.
    [
      { ...PROD, PUBLIC_BASE_URL: "https://pm3k.example/auth/callback" },
      /^Invalid configuration: PUBLIC_BASE_URL is invalid: must be the origin only .*without a path/,
    ],
    [
      { PUBLIC_BASE_URL: "https://pm3k.example/?x=1" },
      /^Invalid configuration: PUBLIC_BASE_URL is invalid: must not carry a query/,
    ],
    [
      { FILES_BASE_URL: "https://media.example/?sig=1" },
      /^Invalid configuration: FILES_BASE_URL is invalid: must not carry a query/,
    ],
    [
      { FILES_BASE_URL: "media.example" },
      /^Invalid configuration: FILES_BASE_URL is invalid: must be a full http/,
    ],
    // A user name or password would be sent in every link and redirect URI
    // (and fetch refuses such URLs outright).
    [
      { ...PROD, PUBLIC_BASE_URL: "https://admin:hunter2@pm3k.example" },
      /^Invalid configuration: PUBLIC_BASE_URL is invalid: must not carry a user name or password \(user:password@\)/,
    ],
    [
      { FILES_BASE_URL: "https://key@media.example/bucket" },
      /^Invalid configuration: FILES_BASE_URL is invalid: must not carry a user name or password/,
    ],
  ];
  assertRefusedInOneLine(cases);
  // What stays accepted: a trailing slash, a bucket path in FILES_BASE_URL,
  // whitespace around the credentials (a secret pasted with its newline).
  const config = loadConfig({
    ...PROD,
    PUBLIC_BASE_URL: "https://pm3k.example/",
    FILES_BASE_URL: "https://s3.example/pm3k-media/",
    TIKTOK_CLIENT_SECRET: "secret\n",
  });
  assert.equal(config.publicBaseUrl, "https://pm3k.example");
  assert.equal(config.filesBaseUrl, "https://s3.example/pm3k-media");
  assert.equal(config.tiktok.clientSecret, "secret");
});

Deno.test("in production the start names the TikTok app's addresses and audit state", () => {
  assert.equal(tiktokAppNotice(loadConfig({})), null, "none in the sandbox");
  const notice = tiktokAppNotice(loadConfig({
    ...PROD,
    FILES_BASE_URL: "https://media.pm3k.example/",
  }));
  assert.ok(notice);
  // The app's details as TikTok's review reads them: PM3K's own pages.
  assert.equal(notice.website_url, "https://pm3k.example/");
  assert.equal(notice.terms_of_service_url, "https://pm3k.example/terms");
  assert.equal(notice.privacy_policy_url, "https://pm3k.example/privacy");
  assert.equal(notice.redirect_uri, "https://pm3k.example/auth/callback");
  assert.equal(
    notice.webhook_callback_url,
    "https://pm3k.example/webhooks/tiktok",
  );
  assert.equal(notice.url_prefix, "https://media.pm3k.example/");
  // The app's own addresses are to be verified too, the files' host apart.
  assert.equal(notice.site_url_prefix, "https://pm3k.example/");
  assert.match(
    notice.message,
    /URL prefixes to verify \(URL properties\) https:\/\/pm3k\.example\/ and https:\/\/media\.pm3k\.example\/ \(its own signature file put in the bucket, or its domain by DNS\), scopes/,
  );
  assert.equal(notice.site_verification_file, null);
  assert.equal(notice.app_audited, false);
  assert.match(notice.message, /TIKTOK_APP_AUDITED=false: only SELF_ONLY/);
  const audited = tiktokAppNotice(
    loadConfig({ ...PROD, TIKTOK_APP_AUDITED: "true" }),
  );
  assert.equal(audited?.url_prefix, "https://pm3k.example/files/");
  // Files under PUBLIC_BASE_URL/: its one prefix covers them, and TikTok's
  // signature file is where PM3K serves it.
  const local = tiktokAppNotice(loadConfig({
    ...PROD,
    TIKTOK_SITE_VERIFICATION:
      "tiktokAbC.txt=tiktok-developers-site-verification=AbC",
  }));
  assert.match(
    local?.message ?? "",
    /URL prefixes to verify \(URL properties\) https:\/\/pm3k\.example\/ \(TikTok's signature file served at https:\/\/pm3k\.example\/tiktokAbC\.txt\), scopes/,
  );
  assert.equal(
    local?.site_verification_file,
    "https://pm3k.example/tiktokAbC.txt",
  );
  // On a bucket, the file PM3K serves is named with PUBLIC_BASE_URL/, the
  // one prefix it proves, not after the bucket's.
  const both = tiktokAppNotice(loadConfig({
    ...PROD,
    FILES_BASE_URL: "https://media.pm3k.example",
    TIKTOK_SITE_VERIFICATION:
      "tiktokAbC.txt=tiktok-developers-site-verification=AbC",
  }));
  assert.match(
    both?.message ?? "",
    /URL prefixes to verify \(URL properties\) https:\/\/pm3k\.example\/ \(TikTok's signature file served at https:\/\/pm3k\.example\/tiktokAbC\.txt\) and https:\/\/media\.pm3k\.example\/ \(its own signature file put in the bucket, or its domain by DNS\), scopes/,
  );
  // The operator's own policies, when given, are the ones to register.
  const own = tiktokAppNotice(loadConfig({
    ...PROD,
    PRIVACY_POLICY_URL: "https://legal.pm3k.example/privacy",
  }));
  assert.equal(own?.privacy_policy_url, "https://legal.pm3k.example/privacy");
  assert.equal(own?.terms_of_service_url, "https://pm3k.example/terms");
  assert.match(audited?.message ?? "", /TIKTOK_APP_AUDITED=true/);
});

Deno.test("the start-up line names the app name TikTok's portal must carry: SERVICE_NAME, as the pages show it", () => {
  const named = tiktokAppNotice(
    loadConfig({ ...PROD, SERVICE_NAME: " Acme Poster " }),
  );
  assert.equal(named?.app_name, "Acme Poster");
  assert.match(
    named?.message ?? "",
    /^TikTok app settings for this server: app name Acme Poster \(SERVICE_NAME, as the website and sign-in show it\), website URL https:\/\/pm3k\.example\/, /,
  );
  assert.equal(tiktokAppNotice(loadConfig(PROD))?.app_name, "PM3K");
});

Deno.test("PUBLIC_BASE_URL and FILES_BASE_URL are written as TikTok and browsers compare them: host in lower case, no default port", () => {
  const config = loadConfig({
    ...PROD,
    PUBLIC_BASE_URL: "https://PM3K.Example:443/",
    FILES_BASE_URL: "https://Media.PM3K.example:443/Clips/",
    PRIVACY_POLICY_URL: "https://Legal.PM3K.example:443/Privacy",
  });
  assert.equal(config.publicBaseUrl, "https://pm3k.example");
  assert.equal(config.filesBaseUrl, "https://media.pm3k.example/Clips");
  assert.equal(
    config.site.privacyPolicyUrl,
    "https://legal.pm3k.example/Privacy",
  );
  // TikTok matches the redirect URI exactly against the registered one.
  const notice = tiktokAppNotice(config);
  assert.equal(notice?.redirect_uri, "https://pm3k.example/auth/callback");
  assert.equal(notice?.url_prefix, "https://media.pm3k.example/Clips/");
  assert.equal(
    loadConfig({ ...PROD, PUBLIC_BASE_URL: "http://pm3k.example:80" })
      .publicBaseUrl,
    "http://pm3k.example",
  );
  // Another port is kept.
  assert.equal(
    loadConfig({ ...PROD, PUBLIC_BASE_URL: "https://pm3k.example:8443" })
      .publicBaseUrl,
    "https://pm3k.example:8443",
  );
});

Deno.test("the start line names the scopes the TikTok app must have, video.list only with post stats", () => {
  const notice = tiktokAppNotice(loadConfig(PROD));
  assert.equal(notice?.scopes, "user.info.basic,video.publish,video.upload");
  assert.match(
    notice?.message ?? "",
    /, scopes the app must have \(products Login Kit and Content Posting API with Direct Post\) user\.info\.basic,video\.publish,video\.upload; TIKTOK_APP_AUDITED=false/,
  );
  const stats = tiktokAppNotice(
    loadConfig({ ...PROD, TIKTOK_POST_STATS: "on" }),
  );
  assert.equal(
    stats?.scopes,
    "user.info.basic,video.publish,video.upload,video.list",
  );
});

Deno.test("with TikTok's own hosts, addresses TikTok refuses are warned about at start; a rehearsal against the simulator is not", () => {
  assert.equal(tiktokAddressWarning(loadConfig({})), null, "the sandbox");
  assert.equal(tiktokAddressWarning(loadConfig(PROD)), null, "all https");
  const plain = tiktokAddressWarning(
    loadConfig({ ...PROD, PUBLIC_BASE_URL: "http://pm3k.example" }),
  );
  assert.equal(plain?.level, "warn");
  assert.match(
    plain?.message ?? "",
    /^PUBLIC_BASE_URL \(http:\/\/pm3k\.example\) is not https: TikTok registers only https redirect URIs and webhook callback URLs, so sign-in cannot work; FILES_BASE_URL \(http:\/\/pm3k\.example\/files\) is not https: TikTok pulls media only over https, so photos and pulled videos fail \(docs\/tiktok-audit\.md#when-something-does-not-work\)$/,
  );
  const ipFiles = tiktokAddressWarning(
    loadConfig({ ...PROD, FILES_BASE_URL: "https://203.0.113.7/media" }),
  );
  assert.match(
    ipFiles?.message ?? "",
    /^FILES_BASE_URL \(https:\/\/203\.0\.113\.7\/media\) is an IP address: TikTok verifies URL prefixes only on a domain/,
  );
  const ipSite = tiktokAddressWarning(
    loadConfig({ ...PROD, PUBLIC_BASE_URL: "https://203.0.113.9" }),
  );
  assert.match(
    ipSite?.message ?? "",
    /^PUBLIC_BASE_URL \(https:\/\/203\.0\.113\.9\) is an IP address: TikTok verifies URL prefixes only on a domain it reaches, so the redirect URI and website cannot be verified; FILES_BASE_URL \(https:\/\/203\.0\.113\.9\/files\) is an IP address/,
  );
  // Names only this machine or network knows: TikTok can neither reach
  // nor verify them, as with an IP address.
  for (const host of ["localhost", "pm3k", "pm3k.local", "box.internal"]) {
    const local = tiktokAddressWarning(
      loadConfig({ ...PROD, PUBLIC_BASE_URL: `https://${host}:8443` }),
    );
    assert.match(
      local?.message ?? "",
      new RegExp(
        `^PUBLIC_BASE_URL \\(https://${host}:8443\\) is not a public domain: TikTok verifies URL prefixes only on a domain it reaches, so the redirect URI and website cannot be verified; FILES_BASE_URL \\(https://${host}:8443/files\\) is not a public domain: `,
      ),
      host,
    );
  }
  // The rehearsal of docs/tiktok-audit.md: TikTok's hosts are the simulator.
  assert.equal(
    tiktokAddressWarning(loadConfig({
      ...PROD,
      PUBLIC_BASE_URL: "http://localhost:8000",
      TIKTOK_AUTH_BASE_URL: "http://localhost:8001/_sandbox/tiktok",
      TIKTOK_API_BASE_URL: "http://localhost:8001/_sandbox/tiktok",
    })),
    null,
  );
});

Deno.test("in production, PM3K's own policy pages without OPERATOR_NAME or CONTACT_EMAIL are warned about at start", () => {
  assert.equal(policyContactWarning(loadConfig({})), null, "the sandbox");
  assert.equal(
    policyContactWarning(loadConfig({
      ...PROD,
      OPERATOR_NAME: "Example Ltd",
      CONTACT_EMAIL: "privacy@pm3k.example",
    })),
    null,
  );
  const bare = policyContactWarning(loadConfig(PROD));
  assert.equal(bare?.level, "warn");
  assert.equal(
    bare?.message,
    "OPERATOR_NAME and CONTACT_EMAIL not set: PM3K's Privacy Policy and Terms name no operator and no contact, which TikTok's app review looks for; set OPERATOR_NAME and CONTACT_EMAIL (docs/tiktok-audit.md#developer-portal-settings)",
  );
  assert.match(
    policyContactWarning(loadConfig({ ...PROD, OPERATOR_NAME: "Example" }))
      ?.message ?? "",
    /^CONTACT_EMAIL not set: PM3K's Privacy Policy and Terms name no contact,/,
  );
  // Only PM3K's own page is named.
  assert.match(
    policyContactWarning(loadConfig({
      ...PROD,
      TERMS_URL: "https://legal.example/terms",
    }))?.message ?? "",
    /not set: PM3K's Privacy Policy names no operator and no contact,/,
  );
  // The operator's own two pages: PM3K's are not what the review reads.
  assert.equal(
    policyContactWarning(loadConfig({
      ...PROD,
      PRIVACY_POLICY_URL: "https://legal.example/privacy",
      TERMS_URL: "https://legal.example/terms",
    })),
    null,
  );
});

Deno.test("the server logs the TikTok app's settings when it starts in production", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-notice-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...PROD, PORT: "0", DATA_DIR: dataDir },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const seen: string[] = [];
  try {
    const lines = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let buffered = "";
    while (!seen.some((l) => l.includes("TikTok app settings"))) {
      const { value, done } = await lines.read();
      if (done) break;
      buffered += value;
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      seen.push(...parts);
    }
    await lines.cancel();
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dataDir, { recursive: true });
  }
  const notice = seen.map((l) => JSON.parse(l)).find((l) =>
    String(l.message).startsWith("TikTok app settings")
  );
  assert.ok(notice, seen.join("\n"));
  assert.equal(notice.redirect_uri, "https://pm3k.example/auth/callback");
  assert.equal(notice.app_audited, false);
});

Deno.test("the server exits non-zero with one clear line on bad production config", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...PROD, TIKTOK_CLIENT_SECRET: "", PORT: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.notEqual(out.code, 0);
  const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /TIKTOK_CLIENT_SECRET is required/);
});

Deno.test("virtual-hosted S3 on an IP endpoint is refused in one line", () => {
  const s3 = {
    S3_ENDPOINT: "http://127.0.0.1:9000",
    S3_REGION: "us-east-1",
    S3_BUCKET: "pm3k-media",
    S3_ACCESS_KEY_ID: "id",
    S3_SECRET_ACCESS_KEY: "secret",
    FILES_BASE_URL: "http://127.0.0.1:9000/pm3k-media",
  };
  assertRefusedInOneLine([
    [
      s3,
      /^Invalid configuration: S3_FORCE_PATH_STYLE must be true when S3_ENDPOINT is an IP address \(127\.0\.0\.1:9000\).*set S3_FORCE_PATH_STYLE=true$/,
    ],
    [
      { ...s3, S3_ENDPOINT: "http://[::1]:9000" },
      /S3_FORCE_PATH_STYLE must be true when S3_ENDPOINT is an IP address \(\[::1\]:9000\)/,
    ],
  ]);
  // Path-style on an IP, and virtual-hosted on a name, stay accepted.
  assert.equal(
    loadConfig({ ...s3, S3_FORCE_PATH_STYLE: "true" }).storage.kind,
    "s3",
  );
  assert.equal(
    loadConfig({ ...s3, S3_ENDPOINT: "https://s3.us-east-1.amazonaws.com" })
      .storage.kind,
    "s3",
  );
});

Deno.test("a PORT another process holds stops the start in one line naming PORT", async () => {
  const held = Deno.listen({ port: 0 });
  const { port } = held.addr as Deno.NetAddr;
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-port-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: { PORT: String(port), DATA_DIR: dataDir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
    assert.deepEqual(lines, [
      `Cannot listen: PORT ${port} is already in use by another process; stop that process or set PORT to a free port`,
    ]);
  } finally {
    held.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("on Deno Deploy queues are off, even with a KV file or QUEUES=on", () => {
  const deploy = {
    DENO_DEPLOYMENT_ID: "abc",
    TIKTOK_CLIENT_KEY: "k",
    TIKTOK_CLIENT_SECRET: "s",
    PUBLIC_BASE_URL: "https://pm3k.example",
    SECRET_KEY: "a-secret-of-at-least-thirty-two-characters",
    S3_ENDPOINT: "https://s3.example",
    S3_REGION: "auto",
    S3_BUCKET: "b",
    S3_ACCESS_KEY_ID: "k",
    S3_SECRET_ACCESS_KEY: "s",
    FILES_BASE_URL: "https://files.example",
  };
  assert.equal(loadConfig(deploy).queues, false);
  assert.equal(
    loadConfig({ ...deploy, KV_PATH: "/tmp/pm3k.kv", QUEUES: "on" }).queues,
    false,
  );
  // Off Deploy, a local KV file has queues.
  assert.equal(loadConfig({ KV_PATH: "/tmp/pm3k.kv" }).queues, true);
});

Deno.test("QUEUES=on with a KV Connect URL is refused at start, unset it is off", () => {
  const kv = { KV_PATH: "https://kv.example.com" };
  assert.throws(
    () => loadConfig({ ...kv, QUEUES: "on" }),
    ConfigError,
    "QUEUES=on cannot be used with a KV Connect URL",
  );
  assert.equal(loadConfig(kv).queues, false);
  assert.equal(loadConfig({ ...kv, QUEUES: "off" }).queues, false);
});

Deno.test("README's configuration section names every variable the service reads", async () => {
  const readme = await Deno.readTextFile(
    new URL("../README.md", import.meta.url),
  );
  const start = readme.indexOf("## Configuration");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const missing = CONFIG_VARIABLES.filter((name) =>
    !section.includes(`\`${name}\``)
  );
  assert.deepEqual(missing, []);
});

Deno.test("TIKTOK_APP_AUDITED is false with real TikTok, true with the simulator, and overridable", () => {
  assert.equal(loadConfig(PROD).tiktokAppAudited, false);
  assert.equal(
    loadConfig({ ...PROD, TIKTOK_APP_AUDITED: "true" }).tiktokAppAudited,
    true,
  );
  assert.equal(loadConfig({}).tiktokAppAudited, true);
  assert.equal(
    loadConfig({ TIKTOK_APP_AUDITED: "false" }).tiktokAppAudited,
    false,
  );
  assert.throws(
    () => loadConfig({ TIKTOK_APP_AUDITED: "yes" }),
    /TIKTOK_APP_AUDITED is invalid/,
  );
});

Deno.test("post stats are on in the sandbox and off with the real TikTok unless TIKTOK_POST_STATS=on: video.list is asked for only then", () => {
  const all = [
    "user.info.basic",
    "video.publish",
    "video.upload",
    "video.list",
  ];
  const posting = all.slice(0, 3);
  assert.deepEqual(loadConfig({}).tiktok.scopes, all, "the sandbox");
  assert.deepEqual(
    loadConfig({ TIKTOK_POST_STATS: "off" }).tiktok.scopes,
    posting,
  );
  // An app without the Display API would have every sign-in refused.
  assert.deepEqual(loadConfig(PROD).tiktok.scopes, posting, "real TikTok");
  assert.deepEqual(
    loadConfig({ ...PROD, TIKTOK_POST_STATS: "on" }).tiktok.scopes,
    all,
  );
  assert.throws(
    () => loadConfig({ ...PROD, TIKTOK_POST_STATS: "yes" }),
    /TIKTOK_POST_STATS/,
  );
});
