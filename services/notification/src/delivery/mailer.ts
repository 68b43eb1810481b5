import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

/** One email, ready to go. */
export interface OutgoingEmail {
  notificationId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@domain>`: the same on every attempt. */
  messageId: string;
  locale: string;
}

export interface Mailer {
  /** For the start-up log: where emails go. */
  readonly destination: string;
  /** Resolves once the SMTP server accepted the message (or the file is written); throws otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

function message(email: OutgoingEmail) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    headers: { "Content-Language": email.locale, "X-Mkt-Notification-Id": email.notificationId },
  };
}

/** Sends through an SMTP server (nodemailer), each exchange bounded by timeoutMs. */
export function smtpMailer(options: { url: string; timeoutMs: number }): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const url = new URL(options.url);
  return {
    destination: `${url.protocol}//${url.host}`,
    async send(email) {
      const info = await transport.sendMail(message(email));
      if (info.rejected.length > 0)
        throw new Error(`the SMTP server refused ${info.rejected.join(", ")}: ${info.response}`);
    },
    close: () => transport.close(),
  };
}

/**
 * Keeps each email as `<notification id>.eml` in a folder (no SMTP server configured): open it
 * with any mail client. nodemailer's stream transport builds the exact message SMTP would carry.
 */
export function dropFolderMailer(options: { dir: string }): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  let ready: Promise<unknown> | undefined;
  return {
    destination: options.dir,
    async send(email) {
      ready ??= mkdir(options.dir, { recursive: true });
      await ready;
      const info = await transport.sendMail(message(email));
      const file = join(options.dir, `${email.notificationId}.eml`);
      // Written aside, then renamed: a reader never sees half a message.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
    },
    close: () => transport.close(),
  };
}
