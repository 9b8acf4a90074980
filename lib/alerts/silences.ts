import "server-only";
import { Cron } from "croner";
import { desc, eq, gt, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { silences, type Silence } from "../db/schema";
import { InvalidFieldError, NotFoundError } from "../errors";
import { isActive } from "./mute";
import { silenceCreateSchema } from "./schemas";

// Silences and maintenance windows: operators and admins create and end them (alerts:write),
// everyone reads them. Both are audited; ending one early deletes it (the audit event keeps
// what it was).

export const silenceDtoSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(["silence", "maintenance"]),
  name: z.string(),
  matchers: z.array(z.strictObject({ label: z.string(), op: z.string(), value: z.string() })),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  cron: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  timezone: z.string(),
  comment: z.string(),
  createdBy: z.string().nullable(),
  active: z.boolean().describe("Muting now"),
  nextStart: z.iso.datetime({ offset: true }).nullable().describe("Recurring windows: when the next one opens"),
  createdAt: z.iso.datetime({ offset: true }),
});
export type SilenceDto = z.output<typeof silenceDtoSchema>;
export const silenceListSchema = z.strictObject({ data: z.array(silenceDtoSchema) });

export function toSilenceDto(s: Silence, now = new Date()): SilenceDto {
  const next = s.cron ? new Cron(s.cron, { timezone: s.timezone || "UTC" }).nextRun(now) : null;
  return {
    id: s.id,
    kind: s.kind as SilenceDto["kind"],
    name: s.name,
    matchers: s.matchers,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt?.toISOString() ?? null,
    cron: s.cron,
    durationSeconds: s.durationSeconds,
    timezone: s.timezone,
    comment: s.comment,
    createdBy: s.createdByLabel,
    active: isActive(s, now),
    nextStart: next?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}

/** Silences and windows not yet over (ended ones drop off the list; the audit trail keeps them). */
export async function listSilences(ctx: AccessContext, now = new Date()): Promise<SilenceDto[]> {
  await authorize(ctx, "alerts:read", "silences");
  const rows = await getDb().select().from(silences).where(or(isNull(silences.endsAt), gt(silences.endsAt, now))).orderBy(desc(silences.createdAt)).limit(500);
  return rows.map((s) => toSilenceDto(s, now));
}

export async function createSilence(ctx: AccessContext, input: z.input<typeof silenceCreateSchema>): Promise<SilenceDto> {
  await authorize(ctx, "alerts:write", "silences:create");
  const values = silenceCreateSchema.parse(input);
  if (values.cron) {
    try {
      new Cron(values.cron, { timezone: values.timezone });
    } catch {
      throw new InvalidFieldError("body.cron", "is not a cron expression this server understands, or the timezone is unknown");
    }
  }
  const row = await getDb().transaction(async (tx) => {
    const [created] = await tx
      .insert(silences)
      .values({
        kind: values.kind,
        name: values.name,
        matchers: values.matchers,
        startsAt: values.startsAt ? new Date(values.startsAt) : new Date(),
        endsAt: values.endsAt ? new Date(values.endsAt) : null,
        cron: values.cron ?? null,
        durationSeconds: values.durationSeconds ?? null,
        timezone: values.timezone,
        comment: values.comment,
        createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null,
        createdByLabel: actorOf(ctx.principal).label ?? null,
      })
      .returning();
    await recordAudit(tx, {
      action: "silence.create",
      actor: actorOf(ctx.principal),
      target: { type: "silence", id: created!.id, label: created!.name || values.kind },
      changes: { kind: values.kind, matchers: values.matchers, startsAt: created!.startsAt, endsAt: created!.endsAt, cron: created!.cron, durationSeconds: created!.durationSeconds },
      meta: ctx.meta,
    });
    return created!;
  });
  return toSilenceDto(row);
}

export async function deleteSilence(ctx: AccessContext, id: string): Promise<{ id: string }> {
  await authorize(ctx, "alerts:write", `silence:${id}`);
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Silence");
  await getDb().transaction(async (tx) => {
    const [row] = await tx.delete(silences).where(eq(silences.id, id)).returning();
    if (!row) throw new NotFoundError("Silence");
    await recordAudit(tx, { action: "silence.delete", actor: actorOf(ctx.principal), target: { type: "silence", id, label: row.name || row.kind }, changes: { matchers: row.matchers }, meta: ctx.meta });
  });
  return { id };
}
