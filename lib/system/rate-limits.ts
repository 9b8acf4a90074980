import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { apiKeys, users } from "../db/schema";
import { NotFoundError } from "../errors";
import { limiterFor } from "../ratelimit/backend";
import { policies } from "../ratelimit/policies";
import { emailKey, ipKey, signInLimiters } from "../ratelimit/signin";
import type { Limiter } from "../ratelimit/types";

// Rate-limit state for one subject, as /admin/system shows it, and its reset. The subject is
// an API key (by id or its shown prefix), a user (by email) or an IP address; each maps to
// the identifiers the pipeline and the sign-in throttle count under.

export const rateLimitSubjectSchema = z.object({
  kind: z.enum(["key", "user", "ip"], "Choose a subject: an API key, a user or an IP address."),
  value: z.string().trim().min(1, "Enter a key, an email or an IP address.").max(320, "A key, email or IP address is at most 320 characters."),
});
export type RateLimitSubject = z.infer<typeof rateLimitSubjectSchema>;

export type RateLimitCounter = { policy: string; limit: number; remaining: number; resetAt: string | null };
export type RateLimitState = { subject: RateLimitSubject; label: string; counters: RateLimitCounter[] };

type Counter = { policy: string; limit: number; limiter: Limiter; identifier: string };

async function countersFor(subject: RateLimitSubject): Promise<{ label: string; targetId: string; counters: Counter[] }> {
  const classes = policies();
  const perClass = (identifier: string, names: (keyof typeof classes)[]) =>
    names.map((name) => ({ policy: name, limit: classes[name].max, limiter: limiterFor(classes[name]), identifier }));
  if (subject.kind === "key") {
    const byId = z.string().uuid().safeParse(subject.value).success;
    const [key] = await getDb()
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
      .from(apiKeys)
      .where(byId ? eq(apiKeys.id, subject.value) : eq(apiKeys.prefix, subject.value.replace(/…$/, "")))
      .limit(1);
    if (!key) throw new NotFoundError(`API key ${subject.value}`);
    return { label: `${key.name} (${key.prefix}…)`, targetId: key.id, counters: perClass(`key:${key.id}`, ["read", "write", "batch"]) };
  }
  if (subject.kind === "user") {
    const [user] = await getDb().select({ id: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = lower(${subject.value})`).limit(1);
    if (!user) throw new NotFoundError(`User ${subject.value}`);
    const { byEmail } = signInLimiters();
    return {
      label: user.email,
      targetId: user.id,
      counters: [...perClass(`user:${user.id}`, ["read", "write", "batch", "keys"]), { policy: "signin-email", limit: getConfig().SIGNIN_MAX_FAILURES, limiter: byEmail, identifier: emailKey(user.email) }],
    };
  }
  const { byIp } = signInLimiters();
  return { label: subject.value, targetId: subject.value, counters: [{ policy: "signin-ip", limit: getConfig().SIGNIN_MAX_FAILURES * 4, limiter: byIp, identifier: ipKey(subject.value) }] };
}

/** The subject's remaining allowance in every class that counts it (admins only). */
export async function readRateLimitState(ctx: AccessContext, input: z.input<typeof rateLimitSubjectSchema>): Promise<RateLimitState> {
  await authorize(ctx, "admin", "system:ratelimit");
  const subject = rateLimitSubjectSchema.parse(input);
  const { label, counters } = await countersFor(subject);
  const now = Date.now();
  return {
    subject,
    label,
    counters: await Promise.all(
      counters.map(async (c) => {
        const { remaining, reset } = await c.limiter.getRemaining(c.identifier);
        return { policy: c.policy, limit: c.limit, remaining, resetAt: reset > now && remaining < c.limit ? new Date(reset).toISOString() : null };
      }),
    ),
  };
}

/**
 * Clears the subject's counts in every class (admins only), audited as ratelimit.reset. The
 * audit row is written first and commits only if the reset succeeded. Other instances may
 * keep refusing from their in-memory cache until the window they saw ends.
 */
export async function resetRateLimitState(ctx: AccessContext, input: z.input<typeof rateLimitSubjectSchema>): Promise<RateLimitState> {
  await authorize(ctx, "admin", "system:ratelimit_reset");
  const subject = rateLimitSubjectSchema.parse(input);
  const { label, targetId, counters } = await countersFor(subject);
  await getDb().transaction(async (tx) => {
    await recordAudit(tx, {
      action: "ratelimit.reset",
      actor: actorOf(ctx.principal),
      target: { type: `ratelimit_${subject.kind}`, id: targetId, label },
      changes: { policies: counters.map((c) => c.policy) },
      meta: ctx.meta,
    });
    await Promise.all(counters.map((c) => c.limiter.resetUsedTokens(c.identifier)));
  });
  return readRateLimitState(ctx, subject);
}
