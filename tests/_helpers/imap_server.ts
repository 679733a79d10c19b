/**
 * A mailbox for tests: hoodiecrow-imap (npm), an IMAP server speaking the
 * protocol over TCP on a loopback port, one user signing in with a
 * password, its INBOX holding the given raw messages unread. What a
 * builder's mail account is to n8n's Email Trigger (IMAP).
 */
import hoodiecrow from "hoodiecrow-imap";

export interface ImapServerHandle {
  host: string;
  port: number;
  user: string;
  password: string;
  close(): Promise<void>;
}

/** What this harness uses of a hoodiecrow server (no types shipped). */
interface Hoodiecrow {
  listen(port: number, host: string, done: () => void): void;
  close(done: () => void): void;
  server: { address(): { port: number } };
}

/** An email with `file` attached (base64), as a mail client sends it. */
export function mailWithAttachment(
  { subject, filename, contentType, file }: {
    subject: string;
    filename: string;
    contentType: string;
    file: Uint8Array;
  },
): string {
  const boundary = "pm3k-boundary-1";
  const base64 = btoa(Array.from(file, (b) => String.fromCharCode(b)).join(""))
    .replace(/.{76}/g, "$&\r\n");
  return [
    "From: Camera <camera@example.com>",
    "To: Builder <builder@example.com>",
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    "Message-ID: <pm3k-1@example.com>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Today's clip.",
    `--${boundary}`,
    `Content-Type: ${contentType}; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    "Content-Transfer-Encoding: base64",
    "",
    base64,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** Starts the server, its INBOX holding `messages` (raw, unread). */
export async function startImapServer(
  messages: string[],
): Promise<ImapServerHandle> {
  const user = "builder";
  const password = "imap-password-1";
  const server: Hoodiecrow = hoodiecrow({
    plugins: ["IDLE", "ID", "UNSELECT", "ENABLE", "SPECIAL-USE"],
    storage: {
      INBOX: {
        messages: messages.map((raw) => ({
          raw,
          flags: [],
          internaldate: new Date(),
        })),
      },
    },
    users: { [user]: { password } },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    host: "127.0.0.1",
    port: server.server.address().port,
    user,
    password,
    close: () => new Promise<void>((r) => server.close(r)),
  };
}
