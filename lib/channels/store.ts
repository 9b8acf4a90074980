import "server-only";
import { randomBytes } from "node:crypto";
import { count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { authorize, authorizeInstanceChange } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { channels, type Channel } from "../db/schema";
import { ConflictError, LimitExceededError, NotFoundError } from "../errors";
import { hint, open, seal, SecretUnreadableError } from "../security/secret-box";
import { channelCreateSchema, channelPatchSchema, type ChannelCreate, type ChannelPatch, type ChannelSecret } from "./schemas";

// Notification channels. Operators pick them in rules; only admins (or keys an admin issued
// unbound) create, change or delete them, since a channel is where incident details go.
// Secrets are sealed at save (lib/security/secret-box.ts) and never leave this module
// except into an adapter's request; the console sees a masked hint, and a webhook's signing
// secret is shown once, in the creation answer.

export const channelDtoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  config: z.record(z.string(), z.unknown()).describe("The settings that are not secret"),
  secretHint: z.string().nullable().describe("A masked tail of the stored secret"),
  rateLimitPerMinute: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ChannelDto = z.output<typeof channelDtoSchema>;
export const channelListSchema = z.strictObject({ data: z.array(channelDtoSchema) });
export const channelCreatedSchema = channelDtoSchema.extend({ signingSecret: z.string().optional().describe("Webhooks: the whsec_ secret that signs every message; shown this once") });

export function toChannelDto(c: Channel): ChannelDto {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    config: c.config,
    secretHint: c.secretHint,
    rateLimitPerMinute: c.rateLimitPerMinute,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Changing channels: alerts:write, and an admin (a user) or an unbound key (only admins issue those). */
const authorizeChannelChange = (ctx: AccessContext, resource: string) => authorizeInstanceChange(ctx, "alerts:write", resource);

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
};

/** The stored form of a channel's input: plain settings, the secret fields, and the hint. */
function split(input: ChannelCreate, signingSecret?: string): { config: Record<string, unknown>; secret: ChannelSecret; secretHint: string | null } {
  switch (input.kind) {
    case "webhook":
      return { config: { host: hostOf(input.url) }, secret: { url: input.url, signingSecret }, secretHint: `${hostOf(input.url)} · ${hint(signingSecret ?? "", "whsec_")}` };
    case "slack":
      return { config: { host: hostOf(input.url) }, secret: { url: input.url }, secretHint: hint(input.url, `https://${hostOf(input.url)}/`) };
    case "email":
      return {
        config: { host: input.host, port: input.port, secure: input.secure, user: input.user ?? null, from: input.from, to: input.to },
        secret: { password: input.password },
        secretHint: input.password ? "password set" : null,
      };
    case "pagerduty":
      return { config: { url: input.url }, secret: { routingKey: input.routingKey }, secretHint: hint(input.routingKey) };
  }
}

export async function listChannels(ctx: AccessContext): Promise<ChannelDto[]> {
  await authorize(ctx, "alerts:read", "channels");
  const rows = await getDb().select().from(channels).orderBy(desc(channels.createdAt));
  return rows.map(toChannelDto);
}

export async function createChannel(ctx: AccessContext, input: z.input<typeof channelCreateSchema>): Promise<ChannelDto & { signingSecret?: string }> {
  await authorizeChannelChange(ctx, "channels:create");
  const values = channelCreateSchema.parse(input);
  const [{ n }] = (await getDb().select({ n: count() }).from(channels)) as [{ n: number }];
  if (n >= getConfig().ALERTS_MAX_CHANNELS) throw new LimitExceededError(`This instance allows at most ${getConfig().ALERTS_MAX_CHANNELS} channels (ALERTS_MAX_CHANNELS)`);
  const signingSecret = values.kind === "webhook" ? `whsec_${randomBytes(24).toString("base64")}` : undefined;
  const stored = split(values, signingSecret);
  const created = await getDb().transaction(async (tx) => {
    const [taken] = await tx.select({ id: channels.id }).from(channels).where(sql`lower(${channels.name}) = lower(${values.name})`);
    if (taken) throw new ConflictError(`A channel named ${values.name} exists already`);
    const [row] = await tx
      .insert(channels)
      .values({
        name: values.name,
        kind: values.kind,
        config: stored.config,
        secret: seal(JSON.stringify(stored.secret)),
        secretHint: stored.secretHint,
        rateLimitPerMinute: values.rateLimitPerMinute,
        enabled: values.enabled,
        createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null,
      })
      .returning();
    await recordAudit(tx, {
      action: "channel.create",
      actor: actorOf(ctx.principal),
      target: { type: "channel", id: row!.id, label: row!.name },
      // Settings only: the secret never reaches the audit trail.
      changes: { name: row!.name, kind: row!.kind, config: row!.config, rateLimitPerMinute: row!.rateLimitPerMinute },
      meta: ctx.meta,
    });
    return row!;
  });
  return { ...toChannelDto(created), ...(signingSecret ? { signingSecret } : {}) };
}

async function findChannel(id: string): Promise<Channel> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Channel");
  const [row] = await getDb().select().from(channels).where(eq(channels.id, id));
  if (!row) throw new NotFoundError("Channel");
  return row;
}

/** The secret as stored, for the delivery job and tests of the save path; never for an answer. */
export function channelSecret(row: Pick<Channel, "secret">): ChannelSecret {
  return row.secret ? (JSON.parse(open(row.secret)) as ChannelSecret) : {};
}

export async function updateChannel(ctx: AccessContext, id: string, input: z.input<typeof channelPatchSchema>): Promise<ChannelDto> {
  await authorizeChannelChange(ctx, `channel:${id}`);
  const patch: ChannelPatch = channelPatchSchema.parse(input);
  const before = await findChannel(id);
  let secret: ChannelSecret;
  try {
    secret = channelSecret(before);
  } catch (err) {
    if (!(err instanceof SecretUnreadableError)) throw err;
    secret = {};
  }
  // Rebuild the full input from what is stored plus the change, and split it again.
  const current = { kind: before.kind, name: patch.name ?? before.name, rateLimitPerMinute: patch.rateLimitPerMinute ?? before.rateLimitPerMinute, enabled: patch.enabled ?? before.enabled, ...before.config, ...secret, ...patch };
  const parsed = channelCreateSchema.safeParse(before.kind === "webhook" || before.kind === "slack" ? { ...pick(current, ["kind", "name", "rateLimitPerMinute", "enabled", "url"]) } : before.kind === "email" ? pick(current, ["kind", "name", "rateLimitPerMinute", "enabled", "host", "port", "secure", "user", "password", "from", "to"]) : pick(current, ["kind", "name", "rateLimitPerMinute", "enabled", "routingKey", "url"]));
  if (!parsed.success) throw parsed.error;
  const stored = split(parsed.data, secret.signingSecret);
  const row = await getDb().transaction(async (tx) => {
    const [updated] = await tx
      .update(channels)
      .set({ name: parsed.data.name, config: stored.config, secret: seal(JSON.stringify(stored.secret)), secretHint: stored.secretHint, rateLimitPerMinute: parsed.data.rateLimitPerMinute, enabled: parsed.data.enabled, updatedAt: new Date() })
      .where(eq(channels.id, id))
      .returning();
    const changed = Object.keys(patch).map((k) => (["url", "password", "routingKey"].includes(k) ? `${k} (secret)` : k));
    await recordAudit(tx, { action: "channel.update", actor: actorOf(ctx.principal), target: { type: "channel", id, label: updated!.name }, changes: { fields: changed }, meta: ctx.meta });
    return updated!;
  });
  return toChannelDto(row);
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));
}

export async function deleteChannel(ctx: AccessContext, id: string): Promise<{ id: string }> {
  await authorizeChannelChange(ctx, `channel:${id}`);
  const before = await findChannel(id);
  await getDb().transaction(async (tx) => {
    await tx.delete(channels).where(eq(channels.id, id));
    await recordAudit(tx, { action: "channel.delete", actor: actorOf(ctx.principal), target: { type: "channel", id, label: before.name }, changes: { kind: before.kind }, meta: ctx.meta });
  });
  return { id };
}

export { findChannel };
