import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getDb } from "../db/client";
import { runLogs, runs } from "../db/schema";
import { ConflictError } from "../errors";
import { toLogLineDto, type LogAppendResult, type LogPage } from "./dto";
import { findVisibleRun } from "./queries";
import { logAppendSchema } from "./schemas";

/**
 * Appends a batch of lines with server-assigned, gap-free seq numbers: the run row is
 * locked for the duration, so concurrent appenders to one run queue up instead of
 * colliding. Log lines are data, not configuration changes: they are not audited one by one.
 */
export async function appendRunLogs(ctx: AccessContext, id: string, input: unknown): Promise<LogAppendResult> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const { lines } = logAppendSchema.parse(input);
  return getDb().transaction(async (tx) => {
    const run = await findVisibleRun(tx, ctx, id);
    await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, run.id)).for("update");
    if (run.status !== "queued" && run.status !== "running" && run.finishedAt && Date.now() - run.finishedAt.getTime() > 3_600_000) {
      throw new ConflictError("Logs can no longer be appended to a run finished over an hour ago");
    }
    const [{ max }] = (await tx.execute<{ max: number }>(sql`SELECT coalesce(max(seq), 0)::bigint::int AS max FROM run_logs WHERE run_id = ${run.id}`)).rows as [{ max: number }];
    const now = new Date();
    await tx.insert(runLogs).values(
      lines.map((l, i) => ({ runId: run.id, seq: max + i + 1, level: l.level, message: l.message, ts: l.ts ? new Date(l.ts) : now })),
    );
    return { firstSeq: max + 1, lastSeq: max + lines.length };
  });
}

export async function readRunLogs(ctx: AccessContext, id: string, after: number, limit: number): Promise<LogPage> {
  await authorize(ctx, "runs:read", `run:${id}`);
  const run = await findVisibleRun(getDb(), ctx, id);
  const rows = await getDb()
    .select()
    .from(runLogs)
    .where(and(eq(runLogs.runId, run.id), gt(runLogs.seq, after)))
    .orderBy(asc(runLogs.seq))
    .limit(limit + 1);
  const more = rows.length > limit;
  const data = rows.slice(0, limit).map(toLogLineDto);
  return { data, nextAfter: more ? data.at(-1)!.seq : null };
}
