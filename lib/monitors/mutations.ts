import "server-only";
import { and, eq } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize, authorizeInstanceChange } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { monitors, type Monitor } from "../db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { z } from "zod";
import { FIELDS_BY_TYPE, MONITOR_TYPES, monitorInputSchema, monitorPatchSchema, type MonitorInput, type MonitorValues } from "./schemas";
import { newHeartbeatToken } from "./heartbeat-token";
import { exactTimestamp, pageSchema, timeIdKeyset, type Page, type PageRequest } from "../db/keyset";

/** A monitor as the console and the API show it (what it probes is not secret to those who may read monitors). */
// The heartbeat token itself is never in it: it is shown once, at creation or rotation.
export const monitorDtoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(MONITOR_TYPES),
  url: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  method: z.string(),
  intervalSeconds: z.number().int(),
  timeoutMs: z.number().int(),
  expectedStatus: z.number().int(),
  keyword: z.string().nullable(),
  jsonPath: z.string().nullable(),
  jsonExpected: z.string().nullable(),
  degradedMs: z.number().int().nullable(),
  tlsAllowUntrusted: z.boolean(),
  tlsExpiryDays: z.number().int(),
  heartbeatPeriodSeconds: z.number().int().nullable(),
  heartbeatCron: z.string().nullable(),
  heartbeatGraceSeconds: z.number().int(),
  lastPingAt: z.iso.datetime({ offset: true }).nullable(),
  tls: z.strictObject({ daysLeft: z.number().int(), validTo: z.string(), issuer: z.string(), subject: z.string(), chainValid: z.boolean(), chainError: z.string().nullable() }).nullable(),
  enabled: z.boolean(),
  status: z.enum(["pending", "up", "degraded", "down"]),
  statusSince: z.iso.datetime({ offset: true }),
});
export type MonitorDto = z.output<typeof monitorDtoSchema>;
export const monitorPageSchema = pageSchema(monitorDtoSchema);
/** A heartbeat monitor's answer at creation or rotation: the ping token, once. */
export const monitorCreatedSchema = monitorDtoSchema.extend({ heartbeatToken: z.string().optional().describe("Heartbeat monitors only: the ping token, shown once (POST or GET /api/v1/heartbeats/{token})") });
export type MonitorCreatedDto = z.output<typeof monitorCreatedSchema>;

export function toMonitorDto(m: Monitor): MonitorDto {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    url: m.url,
    host: m.host,
    port: m.port,
    method: m.method,
    intervalSeconds: m.intervalSeconds,
    timeoutMs: m.timeoutMs,
    expectedStatus: m.expectedStatus,
    keyword: m.keyword,
    jsonPath: m.jsonPath,
    jsonExpected: m.jsonExpected,
    degradedMs: m.degradedMs,
    tlsAllowUntrusted: m.tlsAllowUntrusted,
    tlsExpiryDays: m.tlsExpiryDays,
    heartbeatPeriodSeconds: m.heartbeatPeriodSeconds,
    heartbeatCron: m.heartbeatCron,
    heartbeatGraceSeconds: m.heartbeatGraceSeconds,
    lastPingAt: m.lastPingAt?.toISOString() ?? null,
    tls: m.detail?.tls ?? null,
    enabled: m.enabled,
    status: m.status,
    statusSince: m.statusSince.toISOString(),
  };
}

/** The columns a type's values set: its own fields, and the other types' reset. */
function columnsOf(values: MonitorValues) {
  const base = { url: null, host: null, port: null, keyword: null, jsonPath: null, jsonExpected: null, degradedMs: null, heartbeatPeriodSeconds: null, heartbeatCron: null };
  // A heartbeat is judged on its period (or every minute for cron): the job looks at it then.
  const intervalSeconds = values.type === "heartbeat" ? Math.max(10, Math.min(values.heartbeatPeriodSeconds ?? 60, 86_400)) : values.intervalSeconds;
  return { ...base, ...values, intervalSeconds };
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
  const kept = Object.fromEntries(FIELDS_BY_TYPE[current.type].map((k) => [k, current[k]]));
  return updateMonitor(ctx, id, { ...kept, ...patch, type: current.type } as MonitorInput);
}

const EDITABLE = ["name", "type", "url", "host", "port", "method", "intervalSeconds", "timeoutMs", "expectedStatus", "keyword", "jsonPath", "jsonExpected", "degradedMs", "tlsAllowUntrusted", "tlsExpiryDays", "heartbeatPeriodSeconds", "heartbeatCron", "heartbeatGraceSeconds", "enabled"] as const;
const RETARGET = ["type", "url", "host", "port", "method", "expectedStatus", "keyword", "jsonPath", "jsonExpected", "heartbeatPeriodSeconds", "heartbeatCron"] as const;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

// Monitors are changed only by admins (or keys an admin issued unbound): the console probes
// whatever they point at, from its own network.
export async function createMonitor(ctx: AccessContext, input: MonitorInput): Promise<MonitorCreatedDto> {
  await authorizeInstanceChange(ctx, "monitors:write", "monitors");
  const values = monitorInputSchema.parse(input);
  const token = values.type === "heartbeat" ? newHeartbeatToken() : null;
  try {
    const row = await getDb().transaction(async (tx) => {
      const [created] = await tx
        .insert(monitors)
        // A heartbeat is pending until its first ping, or down when none comes in time, judged from now.
        .values({ ...columnsOf(values), heartbeatTokenHash: token?.hash ?? null, createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null })
        .returning();
      await recordAudit(tx, {
        action: "monitor.create",
        actor: actorOf(ctx.principal),
        target: { type: "monitor", id: created!.id, label: created!.name },
        changes: Object.fromEntries(FIELDS_BY_TYPE[created!.type].map((k) => [k, created![k]]).concat([["type", created!.type]])),
        meta: ctx.meta,
      });
      return created!;
    });
    return token ? { ...toMonitorDto(row), heartbeatToken: token.token } : toMonitorDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A monitor named ${values.name} already exists`);
    throw err;
  }
}

/** A heartbeat monitor's new ping token (the old one stops working at once), shown once. */
export async function rotateHeartbeatToken(ctx: AccessContext, id: string): Promise<MonitorCreatedDto> {
  await authorizeInstanceChange(ctx, "monitors:write", `monitor:${id}`);
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Monitor");
  const token = newHeartbeatToken();
  const row = await getDb().transaction(async (tx) => {
    const [updated] = await tx.update(monitors).set({ heartbeatTokenHash: token.hash, updatedAt: new Date() }).where(and(eq(monitors.id, id), eq(monitors.type, "heartbeat"))).returning();
    if (!updated) throw new NotFoundError("Heartbeat monitor");
    await recordAudit(tx, { action: "monitor.rotate_token", actor: actorOf(ctx.principal), target: { type: "monitor", id, label: updated.name }, changes: { heartbeatToken: "rotated" }, meta: ctx.meta });
    return updated;
  });
  return { ...toMonitorDto(row), heartbeatToken: token.token };
}

export async function updateMonitor(ctx: AccessContext, id: string, input: MonitorInput): Promise<MonitorDto> {
  await authorizeInstanceChange(ctx, "monitors:write", `monitor:${id}`);
  const values = monitorInputSchema.parse(input);
  try {
    const row = await getDb().transaction(async (tx) => {
      const [current] = await tx.select().from(monitors).where(eq(monitors.id, id)).for("update");
      if (!current) throw new NotFoundError("Monitor");
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const next = columnsOf(values) as Record<string, unknown>;
      for (const k of EDITABLE) if (k in next && current[k] !== next[k]) changes[k] = { from: current[k], to: next[k] };
      if (Object.keys(changes).length === 0) return current;
      // A new target starts over: its status is unknown until the first probe.
      const retarget = RETARGET.some((k) => changes[k]);
      // A monitor that becomes a heartbeat gets a token (rotate it to learn it); one that stops being one loses it.
      const token = values.type === "heartbeat" ? (current.heartbeatTokenHash ?? newHeartbeatToken().hash) : null;
      const [updated] = await tx
        .update(monitors)
        .set({ ...next, heartbeatTokenHash: token, updatedAt: new Date(), ...(retarget ? { status: "pending" as const, statusSince: new Date(), lastCheckedAt: null, detail: null } : {}) })
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
      changes: { name: deleted.name, type: deleted.type, url: deleted.url, host: deleted.host, port: deleted.port },
      meta: ctx.meta,
    });
    return { id };
  });
}

