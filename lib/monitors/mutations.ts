import "server-only";
import { eq } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { monitors, type Monitor } from "../db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { monitorInputSchema, type MonitorInput } from "./schemas";

export type MonitorDto = Pick<Monitor, "id" | "name" | "url" | "method" | "intervalSeconds" | "timeoutMs" | "expectedStatus" | "keyword" | "enabled" | "status"> & { statusSince: string };

export function toMonitorDto(m: Monitor): MonitorDto {
  return { id: m.id, name: m.name, url: m.url, method: m.method, intervalSeconds: m.intervalSeconds, timeoutMs: m.timeoutMs, expectedStatus: m.expectedStatus, keyword: m.keyword, enabled: m.enabled, status: m.status, statusSince: m.statusSince.toISOString() };
}

const EDITABLE = ["name", "url", "method", "intervalSeconds", "timeoutMs", "expectedStatus", "keyword", "enabled"] as const;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

// Monitors are admin-only to change: the console probes whatever they point at.
export async function createMonitor(ctx: AccessContext, input: MonitorInput): Promise<MonitorDto> {
  await authorize(ctx, "admin", "monitors");
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
  await authorize(ctx, "admin", `monitor:${id}`);
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
  await authorize(ctx, "admin", `monitor:${id}`);
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

