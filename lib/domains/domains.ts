/**
 * Custom domains (docs/media.md#custom-domains): the user puts
 * `pm3k-verify.txt` with our token at the root of the domain, we fetch it
 * (SSRF-safe) and mark the domain verified. URLs on a verified domain, or
 * on its subdomains, may then be used as source_url (PM3K still copies
 * them into its own storage first).
 * @module
 */
import { pauseAfterLostCommit } from "../kv_contention.ts";
import { getTyped, keys, listTyped, requireTyped } from "../kv_keys.ts";
import { AppError, echoed, notOnAccount } from "../errors.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import {
  answerCoding,
  FetchFailedError,
  safeFetch,
  UnsafeUrlError,
} from "../net/safe_fetch.ts";
import { readPrefix } from "../storage/object_storage.ts";
import { plainHost, plainHostname } from "../net/host_name.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { DomainRecord } from "./domain_record.ts";
import { accountBusy, accountDeleted } from "../accounts/accounts_store.ts";

export const VERIFY_FILE_NAME = "pm3k-verify.txt";
const MAX_DOMAINS = 20;

/** The exact content the verification file must hold. */
export function verificationContent(token: string): string {
  return `pm3k-domain-verification=${token}`;
}

/** The URL we fetch to verify a domain. */
export function verificationUrl(
  domain: string,
  allowLoopback: boolean,
): string {
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(
    domain,
  );
  const scheme = loopback && allowLoopback ? "http" : "https";
  return `${scheme}://${domain}/${VERIFY_FILE_NAME}`;
}

/**
 * Normalises user input to a host name (lowercase, punycode, no scheme,
 * path or trailing dot). A port is accepted only for loopback in sandbox.
 */
export function normaliseDomain(input: string, allowLoopback: boolean): string {
  const raw = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(
    /\/.*$/,
    "",
  ).replace(/\.$/, "");
  let url: URL;
  try {
    url = new URL(`https://${raw}`);
  } catch {
    throw new AppError(
      "bad_request",
      `"${echoed(input)}" is not a domain name.`,
    );
  }
  const host = url.hostname;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);
  if (loopback && allowLoopback) return url.host;
  if (url.username || loopback) {
    throw new AppError(
      "bad_request",
      `"${echoed(input)}" is not a public domain name.`,
    );
  }
  // Said as such: the domain itself may be fine, TikTok fetches over https.
  if (url.port) {
    throw new AppError(
      "bad_request",
      `"${
        echoed(input)
      }" names a port (:${url.port}): give the domain alone (${host}); its files are fetched over https on the usual port.`,
    );
  }
  if (
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/
      .test(host)
  ) {
    throw new AppError(
      "bad_request",
      `"${
        echoed(input)
      }" is not a domain name (for example media.example.com).`,
    );
  }
  return host;
}

/**
 * The start of the verification file's body: none (a 204) reads as empty,
 * a body the host cuts off or garbles is its failure, reported as the
 * reason like a host that cannot be reached, never a 500.
 * @throws {FetchFailedError} when the body cannot be read to its end
 */
async function verificationBody(
  body: ReadableStream<Uint8Array> | null,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  try {
    return await readPrefix(body, 4096);
  } catch (error) {
    // readPrefix only reads: what fails here is the host's answer.
    if (error instanceof FetchFailedError) throw error;
    throw new FetchFailedError(
      `${VERIFY_FILE_NAME} could not be read to its end: ${
        (error as Error).message
      }`,
      error,
    );
  }
}

/**
 * A failed verification in words: the API's message, and the dashboard's
 * line for a failure kept from an earlier check (`last_error` is the bare
 * reason).
 */
export function verificationFailure(domain: string, reason: string): string {
  return `Verification of ${domain} failed: ${reason}.`;
}

/**
 * Google Drive's, Dropbox's and SharePoint's hosts, and their subdomains (a
 * SharePoint tenant's own included): no user can put a file at their root,
 * so adding one could never be verified. Their files come in through
 * POST /api/uploads/from_url (docs/media.md#share-links).
 */
const SHARE_HOST_DOMAINS: readonly [string, string][] = [
  ["google.com", "Google's (Google Drive)"],
  ["googleusercontent.com", "Google's (Google Drive)"],
  ["dropbox.com", "Dropbox's"],
  ["dropboxusercontent.com", "Dropbox's"],
  ["sharepoint.com", "Microsoft's (OneDrive, SharePoint)"],
];

/** Refuses a share host as a domain, saying the way that works. */
function refuseShareHost(domain: string): void {
  const owner = SHARE_HOST_DOMAINS.find(([d]) =>
    domain === d || domain.endsWith(`.${d}`)
  )?.[1];
  if (!owner) return;
  throw new AppError(
    "bad_request",
    `${domain} is ${owner}: no file can be put at its root, so it cannot be verified. ` +
      "Paste the file's share link into POST /api/uploads/from_url (in the dashboard: 'Or paste a link' in the upload card) and post the upload's url instead.",
  );
}

/** Registers a domain (or returns the existing registration). */
export async function addDomain(
  deps: Pick<AppDeps, "kv" | "clock" | "allowLoopback">,
  openId: string,
  input: string,
): Promise<DomainRecord> {
  const domain = normaliseDomain(input, deps.allowLoopback);
  refuseShareHost(domain);
  const k = keys.domain(openId, domain);
  // Each failed commit means another add (or change of the account) won:
  // read again, count again. At most MAX_DOMAINS adds can win before every
  // other is refused without a commit, so MAX_DOMAINS tries, plus the ten
  // of the account's own writes; past them 409 `conflict`, "try again"
  // (docs/media.md#custom-domains).
  for (let attempt = 0; attempt < MAX_DOMAINS + 10; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const existing = await getTyped(deps.kv, k);
    if (existing.value) return existing.value;
    // The account row guards the count: every add rewrites it as it is,
    // so adds counted at once cannot all commit past MAX_DOMAINS, and an
    // add racing the account's deletion leaves nothing behind.
    const owner = await getTyped(deps.kv, keys.account(openId));
    if (!owner.value) throw accountDeleted();
    if ((await listDomains(deps, openId)).length >= MAX_DOMAINS) {
      throw new AppError(
        "bad_request",
        `At most ${MAX_DOMAINS} domains per account.`,
      );
    }
    const record: DomainRecord = {
      domain,
      openId,
      token: toBase64Url(crypto.getRandomValues(new Uint8Array(18))),
      createdAt: deps.clock.now(),
      verifiedAt: null,
      lastError: null,
      lastCheckedAt: null,
    };
    const res = await deps.kv.atomic().check(existing, owner)
      .set(owner.key, owner.value)
      .set(k, record)
      .commit();
    if (res.ok) return record;
  }
  throw accountBusy();
}

export async function listDomains(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<DomainRecord[]> {
  return (await listTyped(deps.kv, keys.domainsPrefix(openId))).map((e) =>
    e.value
  );
}

async function requireDomain(
  deps: Pick<AppDeps, "kv" | "allowLoopback">,
  openId: string,
  input: string,
) {
  let domain: string;
  try {
    domain = normaliseDomain(input, deps.allowLoopback);
  } catch {
    throw notOnAccount("domain", input);
  }
  return await requireTyped(
    deps.kv,
    keys.domain(openId, domain),
    () => notOnAccount("domain", input),
  );
}

/** Removes a domain of the account; the record it removed. */
export async function deleteDomain(
  deps: Pick<AppDeps, "kv" | "allowLoopback">,
  openId: string,
  input: string,
): Promise<DomainRecord> {
  const entry = await requireDomain(deps, openId, input);
  await deps.kv.delete(entry.key);
  return entry.value;
}

/**
 * Fetches the verification file and records the outcome.
 * @throws {AppError} `domain_verification_failed` with the reason
 */
export async function verifyDomain(
  deps: Pick<AppDeps, "kv" | "clock" | "allowLoopback" | "fetchOptions">,
  openId: string,
  input: string,
): Promise<DomainRecord> {
  const entry = await requireDomain(deps, openId, input);
  const record = entry.value;
  const expected = verificationContent(record.token);
  let problem: string | null = null;
  try {
    const { response } = await safeFetch(
      verificationUrl(record.domain, deps.allowLoopback),
      {
        allowLoopback: deps.allowLoopback,
        timeoutMs: 10_000,
        idleTimeoutMs: 10_000,
        totalTimeoutMs: 20_000,
        ...deps.fetchOptions,
      },
    );
    if (!response.ok) {
      await response.body?.cancel();
      problem = `${VERIFY_FILE_NAME} answered HTTP ${response.status}`;
    } else if (answerCoding(response.headers) !== null) {
      // Compressed bytes never hold the text: say why, not "does not
      // contain" of a file the owner sees right in a browser.
      await response.body?.cancel();
      problem = `${VERIFY_FILE_NAME} was sent compressed (Content-Encoding: ${
        echoed(answerCoding(response.headers)!)
      }), though PM3K asks for it as it is: serve it as plain text, without a content coding`;
    } else {
      const text = new TextDecoder().decode(
        await verificationBody(response.body),
      ).trim();
      if (text !== expected) {
        problem =
          `${VERIFY_FILE_NAME} does not contain the expected text "${expected}"`;
      }
    }
  } catch (error) {
    if (
      !(error instanceof UnsafeUrlError || error instanceof FetchFailedError)
    ) throw error;
    problem = error.message;
  }
  const now = deps.clock.now();
  const next: DomainRecord = problem
    ? { ...record, lastError: problem, lastCheckedAt: now }
    : {
      ...record,
      verifiedAt: record.verifiedAt ?? now,
      lastError: null,
      lastCheckedAt: now,
    };
  const saved = await deps.kv.atomic().check(entry).set(entry.key, next)
    .commit();
  if (!saved.ok) {
    throw new AppError(
      "conflict",
      `${record.domain} changed while it was being verified; try again.`,
    );
  }
  if (problem) {
    throw new AppError(
      "domain_verification_failed",
      verificationFailure(record.domain, problem),
      {
        extra: { domain: record.domain, reason: problem },
      },
    );
  }
  return next;
}

/** The verified domain covering `url`'s host (itself or a parent), or null. */
export async function verifiedDomainFor(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  url: URL,
): Promise<DomainRecord | null> {
  // `Media.Example.COM.` is media.example.com (host_name.ts).
  const host = plainHost(url);
  const hostname = plainHostname(url);
  for (const d of await listDomains(deps, openId)) {
    if (d.verifiedAt === null) continue;
    if (
      host === d.domain ||
      (!d.domain.includes(":") && hostname.endsWith(`.${d.domain}`))
    ) return d;
  }
  return null;
}
