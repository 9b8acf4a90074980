import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { statusPages, statusPageSubscribers, type StatusPage } from "../db/schema";
import { NotFoundError, RateLimitedError } from "../errors";
import { consoleUrl } from "../notifications/message";
import { limiterFor } from "../ratelimit/backend";
import type { RequestMeta } from "../request/meta";
import { sendSubscriberMail, type SubscriberMail } from "./mailer";
import { subscribeSchema } from "./schemas";
import { hashToken, newToken, unsubscribeToken } from "./tokens";

// Email subscriptions, by anonymous readers: double opt-in (a confirmation mail; nothing else
// is sent before its link is followed), tokens hashed at rest, one-click unsubscribe, and a
// per-page limit on sign-ups. The answer to a sign-up is the same whether the address was
// new, pending or already confirmed, so the form tells nobody who subscribes.

const anonymous = { type: "anonymous" } as const;
const emailHint = (email: string) => email.replace(/^(.).*@/, "$1…@");

async function publishedPage(slug: string): Promise<StatusPage> {
  const [page] = await getDb().select().from(statusPages).where(and(eq(statusPages.slug, slug), eq(statusPages.published, true)));
  if (!page) throw new NotFoundError("Status page");
  return page;
}

export const statusUrl = (slug: string, path = "") => consoleUrl(`/status/${slug}${path}`);

/** Signs an address up (pending) and mails the confirmation link. */
export async function subscribe(slug: string, input: { email: string }, meta: RequestMeta): Promise<void> {
  const page = await publishedPage(slug);
  if (!page.emailChannelId) throw new NotFoundError("Email subscriptions for this page");
  const email = subscribeSchema.parse(input).email.toLowerCase();
  const limit = await limiterFor({ name: "status-subscribe", max: getConfig().RATELIMIT_STATUS_SUBSCRIBE_PER_HOUR, windowSeconds: 3600, failClosed: true }).limit(`page:${page.id}`);
  if (!limit.success) throw new RateLimitedError(Math.max(1, Math.ceil((limit.reset - Date.now()) / 1000)));
  const confirm = newToken();
  const id = randomUUID();
  const pending = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(statusPageSubscribers)
      .values({ id, pageId: page.id, email, confirmTokenHash: confirm.hash, unsubscribeTokenHash: unsubscribeToken(id).hash })
      // A pending address gets a fresh confirmation link; a confirmed one is left as it is (and not told).
      .onConflictDoUpdate({ target: [statusPageSubscribers.pageId, statusPageSubscribers.email], set: { confirmTokenHash: confirm.hash }, setWhere: sql`${statusPageSubscribers.confirmedAt} IS NULL` })
      .returning({ id: statusPageSubscribers.id, confirmedAt: statusPageSubscribers.confirmedAt });
    if (row) await recordAudit(tx, { action: "status_page.subscribe", actor: anonymous, target: { type: "status_page", id: page.id, label: page.slug }, changes: { email: emailHint(email) }, meta });
    return row && !row.confirmedAt;
  });
  if (!pending) return;
  await sendSubscriberMail(page.emailChannelId, [
    {
      to: email,
      subject: `Confirm your subscription to ${page.title}`,
      text: `Someone (hopefully you) asked to get ${page.title} status updates at this address.\n\nConfirm: ${statusUrl(page.slug, `/subscribe/confirm?token=${confirm.token}`)}\n\nIf it was not you, ignore this mail: nothing will be sent.`,
      unsubscribeUrl: null,
    },
  ]);
}

/** Follows a confirmation link; false when the token is unknown or already used. */
export async function confirmSubscription(token: string, meta: RequestMeta): Promise<{ pageSlug: string } | null> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(statusPageSubscribers)
      .set({ confirmedAt: new Date(), confirmTokenHash: null })
      .where(eq(statusPageSubscribers.confirmTokenHash, hashToken(token)))
      .returning();
    if (!row) return null;
    const [page] = await tx.select().from(statusPages).where(eq(statusPages.id, row.pageId));
    await recordAudit(tx, { action: "status_page.confirm_subscription", actor: anonymous, target: { type: "status_page", id: row.pageId, label: page?.slug ?? null }, changes: { email: emailHint(row.email) }, meta });
    return { pageSlug: page?.slug ?? "" };
  });
}

/** One-click unsubscribe: the subscriber row is deleted; false when the token is unknown. */
export async function unsubscribe(token: string, meta: RequestMeta): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.delete(statusPageSubscribers).where(eq(statusPageSubscribers.unsubscribeTokenHash, hashToken(token))).returning();
    if (!row) return false;
    await recordAudit(tx, { action: "status_page.unsubscribe", actor: anonymous, target: { type: "status_page", id: row.pageId }, changes: { email: emailHint(row.email) }, meta });
    return true;
  });
}

/** Mails every confirmed subscriber of a page, each with its own one-click unsubscribe link. */
export async function notifySubscribers(pageId: string, subject: string, text: string): Promise<number> {
  const [page] = await getDb().select().from(statusPages).where(eq(statusPages.id, pageId));
  if (!page?.emailChannelId || !page.published) return 0;
  const subscribers = await getDb().select().from(statusPageSubscribers).where(and(eq(statusPageSubscribers.pageId, pageId), isNotNull(statusPageSubscribers.confirmedAt)));
  const mails: SubscriberMail[] = [];
  for (const s of subscribers) {
    const token = unsubscribeToken(s.id);
    const url = statusUrl(page.slug, `/unsubscribe?token=${token.token}`);
    mails.push({ to: s.email, subject: `[${page.title}] ${subject}`, text: `${text}\n\nStatus page: ${statusUrl(page.slug)}\nUnsubscribe (one click): ${url}`, unsubscribeUrl: url });
  }
  return sendSubscriberMail(page.emailChannelId, mails);
}
