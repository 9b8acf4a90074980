import "server-only";
import { and, eq, gt, gte, ilike, inArray, isNotNull, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { projectBinding, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { auditEvents } from "../db/schema";
import { NotFoundError } from "../errors";
import { containsPattern, sortedKeysets, type Page, type PageRequest, type SortDirection } from "../db/keyset";
import { toAuditEventDto, type AuditEventDto } from "./dto";
import { settleAuditChain } from "./sequencer";
import type { AuditFilter } from "./filters";

// Reads of the audit trail: keyset pages on seq (newest first, or oldest first), one event, and the batched
// walk exports stream from. Reading needs audit:read; a key bound to a project reads only
// that project's events. Readers show the chain: events still pending are waited for
// (settleAuditChain, well under a second) before the first read, never shown without a seq.

export type AuditPage = Page<AuditEventDto>;

const seqCursor = z.tuple([z.number().int().min(1)]);
// seq orders the trail as time does (the sequencer numbers events as they commit): newest first
// by default, its cursors unchanged; oldest first reads the same seq indexes backwards.
const orders = sortedKeysets({ seq: { columns: [[auditEvents.seq, "bigint"]], shape: seqCursor } }, { sort: "seq", direction: "desc" });

function conditions(ctx: AccessContext, filter: AuditFilter): SQL[] {
  const where: SQL[] = [isNotNull(auditEvents.seq)];
  const bound = projectBinding(ctx.principal);
  if (bound) where.push(eq(auditEvents.projectId, bound));
  if (filter.actor) where.push(or(eq(auditEvents.actorId, filter.actor), ilike(auditEvents.actorLabel, containsPattern(filter.actor)))!);
  if (filter.actorType) where.push(eq(auditEvents.actorType, filter.actorType));
  if (filter.action?.length) where.push(inArray(auditEvents.action, filter.action));
  if (filter.targetType) where.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditEvents.targetId, filter.targetId));
  if (filter.project) where.push(eq(auditEvents.projectId, filter.project));
  if (filter.since) where.push(gte(auditEvents.occurredAt, new Date(filter.since)));
  if (filter.until) where.push(lt(auditEvents.occurredAt, new Date(filter.until)));
  if (filter.q) where.push(or(ilike(auditEvents.actorLabel, containsPattern(filter.q)), ilike(auditEvents.targetLabel, containsPattern(filter.q)))!);
  return where;
}

async function readBatch(ctx: AccessContext, filter: AuditFilter, direction: SortDirection, afterSeq: number | null, limit: number) {
  const where = conditions(ctx, filter);
  if (afterSeq !== null) where.push(direction === "asc" ? gt(auditEvents.seq, afterSeq) : lt(auditEvents.seq, afterSeq));
  return getDb().select().from(auditEvents).where(and(...where)).orderBy(...orders("seq", direction).orderBy).limit(limit);
}

/** A page cursor's seq in that order (a 400 for a forged one or another order's), checked before a stream starts. */
export function auditCursorSeq(cursor: string | undefined, direction: SortDirection = "desc"): number | null {
  return cursor ? Number(orders("seq", direction).decode(cursor)[0]) : null;
}

/** One page of events matching `filter`, newest first (or oldest first: `direction: "asc"`). */
export async function listAuditEvents(ctx: AccessContext, filter: AuditFilter, page: PageRequest, direction: SortDirection = "desc"): Promise<AuditPage> {
  await authorize(ctx, "audit:read", "audit");
  const sorted = orders("seq", direction);
  // Decoded first: a forged cursor, or one of the other direction, is a 400 before any wait.
  const after = sorted.after(page.cursor);
  if (!page.cursor) await settleAuditChain();
  const where = conditions(ctx, filter);
  if (after) where.push(after);
  const rows = await getDb().select().from(auditEvents).where(and(...where)).orderBy(...sorted.orderBy).limit(page.limit + 1);
  return sorted.page(rows, page.limit, (r) => [r.seq!], toAuditEventDto);
}

/** One event by seq, for the detail panel; 404 when absent or outside a bound key's project. */
export async function getAuditEvent(ctx: AccessContext, seq: number): Promise<AuditEventDto> {
  await authorize(ctx, "audit:read", `audit:${seq}`);
  await settleAuditChain();
  const where = [eq(auditEvents.seq, seq)];
  const bound = projectBinding(ctx.principal);
  if (bound) where.push(eq(auditEvents.projectId, bound));
  const [row] = await getDb().select().from(auditEvents).where(and(...where)).limit(1);
  if (!row) throw new NotFoundError(`Audit event ${seq}`);
  return toAuditEventDto(row);
}

/**
 * Every event matching `filter`, newest first (or oldest first), after `afterSeq` in that
 * order, `batchSize` rows per query: what exports stream from. Memory stays at one batch whatever the total, and the consumer's pace
 * (a stream's pull) decides when the next query runs. Authorize before iterating.
 */
export async function* walkAuditEvents(ctx: AccessContext, filter: AuditFilter, options: { afterSeq?: number | null; direction?: SortDirection; batchSize?: number } = {}): AsyncGenerator<AuditEventDto[]> {
  const batchSize = options.batchSize ?? 1000;
  const direction = options.direction ?? "desc";
  let after = options.afterSeq ?? null;
  if (after === null) await settleAuditChain();
  for (;;) {
    const rows = await readBatch(ctx, filter, direction, after, batchSize);
    if (rows.length) yield rows.map(toAuditEventDto);
    if (rows.length < batchSize) return;
    after = rows.at(-1)!.seq!;
  }
}

/** The export's authorization, separate from the walk so a refusal is an HTTP answer, not a broken stream. */
export async function authorizeAuditExport(ctx: AccessContext): Promise<void> {
  await authorize(ctx, "audit:read", "audit:export");
}
