import "server-only";
import nodemailer from "nodemailer";
import { Webhook } from "standardwebhooks";
import type { Message } from "../notifications/message";
import type { ChannelSecret } from "./schemas";
import { SpanKind, withSpan, withTraceHeaders } from "../observability/tracing";

// Sending one message to one channel. Targets are whatever URL an admin set (private
// addresses included, as for monitors), so: redirects are not followed (a 3xx is an answer,
// not an invitation), every call is bounded by the channel timeout, and at most 1 kB of an
// answer is kept. A thrown DeliveryError carries the outcome class the delivery log shows.

export type DeliveryOutcome = "delivered" | "timeout" | "connection" | "http_4xx" | "http_5xx" | "redirect" | "invalid";
export type SentReport = { statusCode: number | null; latencyMs: number; excerpt: string | null };

export class DeliveryError extends Error {
  constructor(
    readonly outcome: Exclude<DeliveryOutcome, "delivered">,
    message: string,
    readonly report: SentReport,
  ) {
    super(message);
  }
}

export type ChannelTarget = { id: string; name: string; kind: string; config: Record<string, unknown>; secret: ChannelSecret };

const EXCERPT_BYTES = 1024;

/** At most 1 kB of the body, and the connection is released without reading the rest. */
async function excerptOf(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
}

function classify(err: unknown): "timeout" | "connection" {
  const e = err as { name?: string; cause?: { code?: string } };
  return e?.name === "TimeoutError" || e?.name === "AbortError" ? "timeout" : "connection";
}

const safeMessage = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\w+:\/\/\S+/g, "[url]").slice(0, 300);

/** One delivery POST; with tracing on, a CLIENT span whose traceparent goes out with it. */
function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SentReport> {
  let host = "";
  try {
    host = new URL(url).host;
  } catch {
    // fetch reports it
  }
  return withSpan("notification delivery POST", { kind: SpanKind.CLIENT, attributes: { "http.request.method": "POST", "server.address": host } }, async (span) => {
    const report = await postOnce(url, body, headers, timeoutMs);
    if (report.statusCode !== null) span?.setAttribute("http.response.status_code", report.statusCode);
    return report;
  });
}

async function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SentReport> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body, headers: withTraceHeaders({ "content-type": "application/json", "user-agent": "Opsdeck-Notifications/1", ...headers }), redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const report = { statusCode: null, latencyMs: Math.round(performance.now() - started), excerpt: null };
    throw new DeliveryError(classify(err), safeMessage(err), report);
  }
  const report = { statusCode: res.status, latencyMs: Math.round(performance.now() - started), excerpt: await excerptOf(res).catch(() => null) };
  if (res.status >= 200 && res.status < 300) return report;
  if (res.status >= 300 && res.status < 400) throw new DeliveryError("redirect", `answered ${res.status} (redirects are not followed)`, report);
  throw new DeliveryError(res.status >= 500 ? "http_5xx" : "http_4xx", `answered ${res.status}`, report);
}

async function sendWebhook(target: ChannelTarget, message: Message, id: string, timeoutMs: number): Promise<SentReport> {
  const body = JSON.stringify({ id, type: `incident.${message.event}`, ...message });
  const timestamp = new Date();
  const signature = new Webhook(target.secret.signingSecret!).sign(id, timestamp, body);
  return post(target.secret.url!, body, { "webhook-id": id, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature }, timeoutMs);
}

const SEVERITY_EMOJI: Record<string, string> = { critical: ":red_circle:", warning: ":large_orange_circle:", info: ":large_blue_circle:" };

/** Block Kit: a header, the summary, the labels as fields, and a button back to the incident. */
export function slackPayload(message: Message): Record<string, unknown> {
  const i = message.incident;
  if (!i) return { text: message.text, blocks: [{ type: "section", text: { type: "mrkdwn", text: message.text } }] };
  const verb = { firing: "Firing", repeat: "Still firing", acknowledged: "Acknowledged", resolved: "Resolved", test: "Test", summary: "Summary" }[message.event];
  return {
    text: message.text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${verb}: ${i.title}`.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: `${SEVERITY_EMOJI[i.severity] ?? ""} *${i.severity}* — ${i.summary}`.slice(0, 3000) } },
      { type: "section", fields: Object.entries(i.labels).slice(0, 10).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}`.slice(0, 2000) })) },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the incident" }, url: i.url }] },
    ],
  };
}

async function sendSlack(target: ChannelTarget, message: Message, _id: string, timeoutMs: number): Promise<SentReport> {
  return post(target.secret.url!, JSON.stringify(slackPayload(message)), {}, timeoutMs);
}

const PD_SEVERITY: Record<string, string> = { critical: "critical", warning: "warning", info: "info" };

/** PagerDuty Events API v2: trigger / acknowledge / resolve, deduplicated by the incident's key. */
export function pagerDutyPayload(message: Message, routingKey: string): Record<string, unknown> {
  const i = message.incident;
  const action = message.event === "resolved" ? "resolve" : message.event === "acknowledged" ? "acknowledge" : "trigger";
  const dedupKey = i?.dedupKey ?? `opsdeck-${message.event}-${message.at}`;
  if (action !== "trigger") return { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: dedupKey,
    payload: {
      summary: (i?.title ?? message.text).slice(0, 1024),
      source: "opsdeck",
      severity: PD_SEVERITY[i?.severity ?? "info"] ?? "warning",
      timestamp: i?.startedAt ?? message.at,
      custom_details: { summary: i?.summary ?? message.text, ...(i?.labels ?? {}) },
    },
    links: i ? [{ href: i.url, text: "Open the incident in Opsdeck" }] : [],
  };
}

async function sendPagerDuty(target: ChannelTarget, message: Message, _id: string, timeoutMs: number): Promise<SentReport> {
  return post(String(target.config.url), JSON.stringify(pagerDutyPayload(message, target.secret.routingKey!)), {}, timeoutMs);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Subject, text and HTML of the email for a message; both parts carry the link to the incident. */
export function emailContent(message: Message): { subject: string; text: string; html: string } {
  const i = message.incident;
  const subject = i ? `[${message.event === "resolved" ? "Resolved" : i.severity.toUpperCase()}] ${i.title}` : message.text.split(" — ")[0]!;
  const lines = i ? [i.summary, "", ...Object.entries(i.labels).map(([k, v]) => `${k}: ${v}`), "", `Open the incident: ${i.url}`] : [message.text];
  const html = i
    ? `<h1 style="font-size:18px">${escapeHtml(subject)}</h1><p>${escapeHtml(i.summary)}</p><table>${Object.entries(i.labels)
        .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join("")}</table><p><a href="${escapeHtml(i.url)}">Open the incident</a></p>`
    : `<p>${escapeHtml(message.text)}</p>`;
  return { subject: subject.slice(0, 200), text: lines.join("\n"), html };
}

/** One mail through an email channel's SMTP server and sender (to its recipients, or to a status page subscriber). */
type MailParts = { to: string | string[]; subject: string; text: string; html?: string; headers?: Record<string, string> };

async function sendMail(target: ChannelTarget, parts: MailParts, id: string, timeoutMs: number): Promise<SentReport> {
  if (target.kind !== "email") throw new DeliveryError("invalid", `a ${target.kind} channel cannot send mail`, { statusCode: null, latencyMs: 0, excerpt: null });
  const c = target.config as { host: string; port: number; secure: boolean; user?: string; from: string };
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth: c.user ? { user: c.user, pass: target.secret.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Self-hosted relays on private networks often have private certificates; STARTTLS is still used when offered.
    tls: { rejectUnauthorized: false },
  });
  const started = performance.now();
  try {
    const info = await transport.sendMail({ from: c.from, messageId: `<${id}@opsdeck>`, ...parts, subject: parts.subject.slice(0, 200) });
    return { statusCode: 250, latencyMs: Math.round(performance.now() - started), excerpt: String(info.response ?? "").slice(0, EXCERPT_BYTES) };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode ?? null;
    const report = { statusCode: code, latencyMs: Math.round(performance.now() - started), excerpt: null };
    const outcome = code ? (code >= 500 ? "http_5xx" : "http_4xx") : /timeout/i.test(String((err as Error).message)) ? "timeout" : "connection";
    throw new DeliveryError(outcome, safeMessage(err), report);
  } finally {
    transport.close();
  }
}

function sendEmail(target: ChannelTarget, message: Message, id: string, timeoutMs: number): Promise<SentReport> {
  return sendMail(target, { to: (target.config as { to: string[] }).to, ...emailContent(message) }, id, timeoutMs);
}

/** A mail to one status page subscriber; every one but the confirmation carries a one-click List-Unsubscribe (RFC 8058). */
export type SubscriberMail = { to: string; subject: string; text: string; unsubscribeUrl: string | null };

export function sendSubscriberMail(target: ChannelTarget, mail: SubscriberMail, id: string, timeoutMs: number): Promise<SentReport> {
  const headers: Record<string, string> = mail.unsubscribeUrl ? { "List-Unsubscribe": `<${mail.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
  return sendMail(target, { to: mail.to, subject: mail.subject, text: mail.text, headers }, id, timeoutMs);
}

const SENDERS: Record<string, (target: ChannelTarget, message: Message, id: string, timeoutMs: number) => Promise<SentReport>> = {
  webhook: sendWebhook,
  slack: sendSlack,
  pagerduty: sendPagerDuty,
  email: sendEmail,
};

/** Sends `message` (delivery `id`) to `target`; resolves with the answer, or throws DeliveryError. */
export async function send(target: ChannelTarget, message: Message, id: string, timeoutMs: number): Promise<SentReport> {
  const sender = Object.hasOwn(SENDERS, target.kind) ? SENDERS[target.kind] : undefined;
  if (!sender) throw new DeliveryError("invalid", `unknown channel kind ${target.kind}`, { statusCode: null, latencyMs: 0, excerpt: null });
  return sender(target, message, id, timeoutMs);
}
