import "server-only";
import nodemailer from "nodemailer";
import { errorField, log } from "../log/logger";
import { channelSecret, findChannel } from "../channels/store";

// Subscriber mail goes through the page's email channel (its SMTP server and sender; the
// channel's own recipients are not used). Every message but the confirmation carries
// List-Unsubscribe with a one-click POST (RFC 8058) and the same link in its body.

export type SubscriberMail = { to: string; subject: string; text: string; unsubscribeUrl: string | null };

const TIMEOUT_MS = 10_000;

export async function sendSubscriberMail(channelId: string, mails: SubscriberMail[]): Promise<number> {
  if (mails.length === 0) return 0;
  const channel = await findChannel(channelId);
  const c = channel.config as { host: string; port: number; secure: boolean; user?: string; from: string };
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth: c.user ? { user: c.user, pass: channelSecret(channel).password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    tls: { rejectUnauthorized: false },
  });
  let sent = 0;
  try {
    for (const mail of mails) {
      const headers: Record<string, string> = mail.unsubscribeUrl ? { "List-Unsubscribe": `<${mail.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
      try {
        await transport.sendMail({ from: c.from, to: mail.to, subject: mail.subject.slice(0, 200), text: mail.text, headers });
        sent++;
      } catch (err) {
        // One refused address must not stop the others; the reason is logged without the address.
        log("status-pages").error({ err: errorField(err) }, "a subscriber mail was not accepted");
      }
    }
  } finally {
    transport.close();
  }
  return sent;
}
