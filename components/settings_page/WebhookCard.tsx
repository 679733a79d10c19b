import { useEffect, useRef, useState } from "preact/hooks";
import {
  callApi,
  ConfirmAction,
  ErrorRegion,
  errorText,
  fillWords,
  localTime,
  OutdatedListNotice,
  pageWords,
  reportFailure,
  StatusRegion,
  useFocusRescue,
  useRefreshWhile,
} from "../shared_chunk.ts";
import type {
  WebhookDeliveriesResponse,
  WebhookDeliveryJson,
  WebhookResponse,
} from "../../lib/http/api_responses.ts";
import { deliveryDetail, deliveryWords } from "../webhook_words.ts";

export interface WebhookCardProps {
  url: string | null;
  /** SERVICE_NAME, given by the server (docs/configuration.md#the-service-name). */
  serviceName: string;
}

/** Webhook URL, signing secret, test event and the delivery log. */
export default function WebhookCard(props: WebhookCardProps) {
  const [url, setUrl] = useState(props.url ?? "");
  const [saved, setSaved] = useState(props.url);
  const [secret, setSecret] = useState<string | null>(null);
  const [deliveries, setDeliveries] = useState<WebhookDeliveryJson[]>([]);
  const [message, setMessage] = useState("");
  /** What the last action did: said as an error is (docs/dashboard.md). */
  const [status, setStatus] = useState("");
  // Removing takes the Remove button away: focus goes to the emptied field;
  // "Show signing secret" gives way to the secret, which takes it.
  const urlField = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLElement>(null);
  const rescueFocus = useFocusRescue();

  async function reload() {
    const res = await callApi<WebhookDeliveriesResponse>(
      "GET",
      "/api/webhook/deliveries",
    );
    setDeliveries(res.deliveries);
  }

  useEffect(() => {
    if (props.url) {
      reload().catch(reportFailure("loading the webhook deliveries"));
    }
  }, []);

  /**
   * Runs one of the card's actions: what the last one said goes first,
   * and a refusal is said in the card's error region.
   */
  async function attempt(action: () => Promise<void>) {
    setMessage("");
    setStatus("");
    try {
      await action();
    } catch (error) {
      setMessage(errorText(error));
    }
  }

  function save(e: Event) {
    e.preventDefault();
    return attempt(async () => {
      const res = await callApi<WebhookResponse>(
        "PUT",
        "/api/webhook",
        { url },
      );
      setSaved(res.url);
      setSecret(res.secret);
      setStatus(fillWords(pageWords().cards.webhookSaved, {
        service: props.serviceName,
        url: String(res.url),
      }));
    });
  }

  const reveal = () =>
    attempt(async () => {
      const res = await callApi<WebhookResponse>(
        "GET",
        "/api/webhook",
      );
      setSecret(res.secret);
      rescueFocus(() => secretRef.current, { preferTarget: true });
    });

  const sendTest = () =>
    attempt(async () => {
      await callApi("POST", "/api/webhook/test");
      await reload();
      setStatus(pageWords().cards.webhookTested);
    });

  const remove = () =>
    attempt(async () => {
      await callApi("DELETE", "/api/webhook");
      setSaved(null);
      setSecret(null);
      setUrl("");
      setStatus(
        fillWords(pageWords().cards.webhookRemoved, {
          service: props.serviceName,
        }),
      );
      rescueFocus(() => urlField.current);
    });

  // Retries happen later on the server: refresh while a delivery is pending.
  const pending = deliveries.some((d) => d.state === "pending");
  const outdated = useRefreshWhile(
    pending,
    5000,
    reload,
    "refreshing the webhook deliveries",
  );

  return (
    <>
      <form onSubmit={save} class="inline-form">
        {/* A visible label: a placeholder goes once typing starts. */}
        <label for="webhook-url">Webhook URL</label>
        <input
          id="webhook-url"
          type="url"
          placeholder="https://hooks.example.com/pm3k"
          value={url}
          ref={urlField}
          data-testid="webhook-url"
          onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
        />{" "}
        <button type="submit" data-testid="webhook-save">Save</button>
      </form>
      {
        /* Both regions always there, so a result is announced too: a
          screen reader speaks a change only in a region it already knew. */
      }
      <StatusRegion testId="webhook-status">{status}</StatusRegion>
      <ErrorRegion message={message} testId="webhook-error" />
      {saved && (
        <>
          <p>
            Sending to <code data-testid="webhook-saved">{saved}</code>. {secret
              ? (
                <span
                  tabIndex={-1}
                  ref={secretRef}
                  data-testid="webhook-secret-line"
                >
                  Signing secret:{" "}
                  <code data-testid="webhook-secret">{secret}</code>
                </span>
              )
              : (
                <button type="button" class="link" onClick={reveal}>
                  {pageWords().cards.showSecret}
                </button>
              )}
          </p>
          <p class="actions">
            <button type="button" data-testid="webhook-test" onClick={sendTest}>
              Send test event
            </button>{" "}
            <ConfirmAction
              label="Remove"
              question={fillWords(pageWords().cards.webhookRemoveAsk, {
                service: props.serviceName,
              })}
              confirmLabel="Yes, remove it"
              testId="webhook-remove"
              onConfirm={remove}
            />
          </p>
          <OutdatedListNotice shown={outdated} />
          <table class="posts" data-testid="webhook-log">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>Delivery</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-state={d.state}>
                  <td>{localTime(d.created_at, true)}</td>
                  <td>{d.event}</td>
                  <td
                    class={`state-${
                      d.state === "delivered" ? "done" : d.state
                    }`}
                  >
                    <span data-testid="webhook-delivery-words">
                      {deliveryWords(d)}
                    </span>
                    {/* For developers: the API's raw state and error. */}
                    <details class="tech-detail">
                      <summary>{pageWords().cards.technicalDetails}</summary>
                      <code data-testid="webhook-delivery-detail">
                        {deliveryDetail(d)}
                      </code>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
