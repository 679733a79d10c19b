import { useRef, useState } from "preact/hooks";
import {
  callApi,
  ConfirmAction,
  ErrorRegion,
  errorText,
  fillWords,
  localTime,
  pageWords,
  StatusRegion,
  useFocusRescue,
} from "../shared_chunk.ts";
import type {
  DomainJson,
  DomainResponse,
} from "../../lib/http/api_responses.ts";

export interface DomainsCardProps {
  domains: DomainJson[];
}

/** Custom domains: add one, put the file at its root, click Verify. */
export default function DomainsCard(props: DomainsCardProps) {
  const [domains, setDomains] = useState<DomainJson[]>(props.domains);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  /** What the last action did: said as an error is (docs/dashboard.md). */
  const [status, setStatus] = useState("");
  // A button disabled while it works, or gone with its domain, takes focus
  // with it: back to it once usable, else to what happened.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const rescueFocus = useFocusRescue();

  function put(d: DomainJson) {
    setDomains((list) =>
      [...list.filter((x) => x.domain !== d.domain), d].sort((a, b) =>
        a.domain.localeCompare(b.domain)
      )
    );
  }

  async function add(e: Event) {
    e.preventDefault();
    setMessage("");
    setStatus("");
    setBusy("add");
    try {
      const added = await callApi<DomainResponse>("POST", "/api/domains", {
        domain: input,
      });
      put(added);
      setInput("");
      setStatus(
        fillWords(pageWords().cards.domainAdded, { domain: added.domain }),
      );
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(null);
      rescueFocus(() => statusRef.current);
    }
  }

  /** Verify, or for a verified domain check its file is still there. */
  async function verify(domain: string, again: boolean) {
    setBusy(domain);
    setMessage("");
    setStatus("");
    const path = `/api/domains/${encodeURIComponent(domain)}`;
    try {
      put(await callApi<DomainResponse>("POST", `${path}/verify`));
      setStatus(
        again
          ? fillWords(pageWords().cards.domainChecked, { domain })
          : `Verified ${domain}.`,
      );
    } catch (error) {
      const reason = errorText(error);
      setDomains((list) =>
        list.map((
          d,
        ) => (d.domain === domain ? { ...d, last_error: reason } : d))
      );
    } finally {
      setBusy(null);
      rescueFocus(() => statusRef.current);
    }
  }

  async function remove(domain: string) {
    setBusy(domain);
    setMessage("");
    setStatus("");
    try {
      await callApi("DELETE", `/api/domains/${encodeURIComponent(domain)}`);
      setDomains((list) => list.filter((d) => d.domain !== domain));
      setStatus(`Removed ${domain}.`);
      rescueFocus(() => statusRef.current);
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <form onSubmit={add} class="inline-form">
        {/* A visible label: a placeholder goes once typing starts. */}
        <label for="domain-input">Domain to add</label>
        <input
          id="domain-input"
          type="text"
          placeholder="media.example.com"
          value={input}
          data-testid="domain-input"
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />{" "}
        <button
          type="submit"
          disabled={busy === "add"}
          data-testid="domain-add"
        >
          Add domain
        </button>
      </form>
      {
        /* Both regions always there, so a result is announced too: a screen
          reader speaks a change only in a region it already knew. */
      }
      <StatusRegion testId="domains-status" regionRef={statusRef}>
        {status}
      </StatusRegion>
      <ErrorRegion message={message} />
      <ul class="domains" data-testid="domain-list">
        {domains.map((d) => (
          <li
            key={d.domain}
            data-domain={d.domain}
            data-verified={String(d.verified)}
          >
            <strong>{d.domain}</strong> {d.verified
              ? (
                <span class="ok">
                  verified {d.verified_at && localTime(d.verified_at, true)}
                </span>
              )
              : <span class="muted">not verified</span>}
            {!d.verified && (
              <p>
                Put a file <code>{d.file_name}</code> at{" "}
                <code>{d.file_url}</code> containing exactly{" "}
                <code data-testid="domain-content">{d.file_content}</code>, then
                click Verify.
              </p>
            )}
            {
              /* A failed Verify is an alert, said at once, as the cards'
                other errors (docs/dashboard.md#accessibility-and-themes). A
                check of a verified domain says ownership once proven stays
                (docs/media.md#custom-domains). */
            }
            <ErrorRegion
              testId="domain-error"
              message={d.last_error
                ? d.last_error + (d.verified
                  ? fillWords(pageWords().cards.domainStays, {
                    domain: d.domain,
                  })
                  : "")
                : ""}
            />
            <p class="actions">
              <button
                type="button"
                class={d.verified ? "secondary" : undefined}
                disabled={busy === d.domain}
                data-testid={d.verified ? "domain-recheck" : "domain-verify"}
                onClick={() => verify(d.domain, d.verified)}
              >
                {d.verified ? "Check again" : "Verify"}
                {/* Heard, not shown: which domain, as Tab reaches it. */}
                <span class="visually-hidden">{` ${d.domain}`}</span>
              </button>{" "}
              <ConfirmAction
                label="Remove"
                what={d.domain}
                question={fillWords(pageWords().cards.domainRemoveAsk, {
                  domain: d.domain,
                })}
                confirmLabel="Yes, remove it"
                testId="domain-remove"
                onConfirm={() => remove(d.domain)}
              />
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
