import "server-only";
import { eq } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize, authorizeInstanceChange } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { monitors, type Monitor } from "../db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { z } from "zod";
import { monitorInputSchema, monitorPatchSchema, type MonitorInput } from "./schemas";
import { exactTimestamp, pageSchema, timeIdKeyset, type Page, type PageRequest } from "../db/keyset";

/** A monitor as the console and the API show it (what it probes is not secret to those who may read monitors). */
export const monitorDtoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  method: z.string(),
  intervalSeconds: z.number().int(),
  timeoutMs: z.number().int(),
  expectedStatus: z.number().int(),
  keyword: z.string().nullable(),
  enabled: z.boolean(),
  status: z.enum(["pending", "up", "down"]),
  statusSince: z.iso.datetime({ offset: true }),
});
export type MonitorDto = z.output<typeof monitorDtoSchema>;
export const monitorPageSchema = pageSchema(monitorDtoSchema);

export function toMonitorDto(m: Monitor): MonitorDto {
  return { id: m.id, name: m.name, url: m.url, method: m.method, intervalSeconds: m.intervalSeconds, timeoutMs: m.timeoutMs, expectedStatus: m.expectedStatus, keyword: m.keyword, enabled: m.enabled, status: m.status, statusSince: m.statusSince.toISOString() };
}

const order = timeIdKeyset(monitors.createdAt, monitors.id);

/** Every monitor, newest first (monitors:read: every signed-in role; keys with the scope). */
export async function listMonitors(ctx: AccessContext, page: PageRequest): Promise<Page<MonitorDto>> {
  await authorize(ctx, "monitors:read", "monitors");
  const rows = await getDb().select({ monitor: monitors, at: exactTimestamp(monitors.createdAt) }).from(monitors).where(order.after(page.cursor)).orderBy(...order.orderBy).limit(page.limit + 1);
  return order.page(rows, page.limit, (r) => [r.at, r.monitor.id], (r) => toMonitorDto(r.monitor));
}

async function findMonitor(id: string): Promise<Monitor> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Monitor");
  const [row] = await getDb().select().from(monitors).where(eq(monitors.id, id));
  if (!row) throw new NotFoundError("Monitor");
  return row;
}

export async function getMonitor(ctx: AccessContext, id: string): Promise<MonitorDto> {
  await authorize(ctx, "monitors:read", `monitor:${id}`);
  return toMonitorDto(await findMonitor(id));
}

/** PATCH: the fields sent, over the monitor as it is. */
export async function patchMonitor(ctx: AccessContext, id: string, input: z.input<typeof monitorPatchSchema>): Promise<MonitorDto> {
  await authorizeInstanceChange(ctx, "monitors:write", `monitor:${id}`);
  const patch = monitorPatchSchema.parse(input);
  const current = await findMonitor(id);
  return updateMonitor(ctx, id, { ...Object.fromEntries(EDITABLE.map((k) => [k, current[k]])), ...patch } as MonitorInput);
}

const EDITABLE = ["name", "url", "method", "intervalSeconds", "timeoutMs", "expectedStatus", "keyword", "enabled"] as const;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

// Monitors are changed only by admins (or keys an admin issued unbound): the console probes
// whatever they point at, from its own network.
export async function createMonitor(ctx: AccessContext, input: MonitorInput): Promise<MonitorDto> {
  await authorizeInstanceChange(ctx, "monitors:write", "monitors");
  const values = monitorInputSchema.parse(input);
  try {
    const row = await getDb().transaction(async (tx) => {
      const [created] = await tx
        .insert(monitors)
        .values({ ...values, createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null })
        .returning();
      await recordAudit(tx, {
        action: "monitor.create",
        actor: actorOf(ctx.principal),
        target: { type: "monitor", id: created!.id, label: created!.name },
        changes: Object.fromEntries(EDITABLE.map((k) => [k, created![k]])),
        meta: ctx.meta,
      });
      return created!;
    });
    return toMonitorDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A monitor named ${values.name} already exists`);
    throw err;
  }
}

export async function updateMonitor(ctx: AccessContext, id: string, input: MonitorInput): Promise<MonitorDto> {
  await authorizeInstanceChange(ctx, "monitors:write", `monitor:${id}`);
  const values = monitorInputSchema.parse(input);
  try {
    const row = await getDb().transaction(async (tx) => {
      const [current] = await tx.select().from(monitors).where(eq(monitors.id, id)).for("update");
      if (!current) throw new NotFoundError("Monitor");
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of EDITABLE) if (current[k] !== values[k]) changes[k] = { from: current[k], to: values[k] };
      if (Object.keys(changes).length === 0) return current;
      // A new target starts over: its status is unknown until the first probe.
      const retarget = changes.url || changes.method || changes.expectedStatus || changes.keyword;
      const [updated] = await tx
        .update(monitors)
        .set({ ...values, updatedAt: new Date(), ...(retarget ? { status: "pending" as const, statusSince: new Date(), lastCheckedAt: null } : {}) })
        .where(eq(monitors.id, id))
        .returning();
      await recordAudit(tx, { action: "monitor.update", actor: actorOf(ctx.principal), target: { type: "monitor", id, label: updated!.name }, changes, meta: ctx.meta });
      return updated!;
    });
    return toMonitorDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A monitor named ${values.name} already exists`);
    throw err;
  }
}

export async function deleteMonitor(ctx: AccessContext, id: string): Promise<{ id: string }> {
  await authorizeInstanceChange(ctx, "monitors:write", `monitor:${id}`);
  return getDb().transaction(async (tx) => {
    const [deleted] = await tx.delete(monitors).where(eq(monitors.id, id)).returning();
    if (!deleted) throw new NotFoundError("Monitor");
    await recordAudit(tx, {
      action: "monitor.delete",
      actor: actorOf(ctx.principal),
      target: { type: "monitor", id, label: deleted.name },
      changes: { name: deleted.name, url: deleted.url },
      meta: ctx.meta,
    });
    return { id };
  });
}

