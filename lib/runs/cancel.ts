import "server-only";
import { and, eq, isNull, type SQL } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit, type AuditInput } from "../audit/record";
import { getDb, type Tx } from "../db/client";
import { runs, type Run } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { ConflictError } from "../errors";
import { runTags } from "./create";
import { toRunDto, type RunDto } from "./dto";
import { findVisibleRun } from "./queries";
import { canCancel } from "./state-machine";

/**
 * cancelled: this call cancelled a queued run; cancel_requested: this call asked a running
 * run's executor to stop; already_cancelled: the run was cancelled before (by a concurrent
 * cancel, or earlier): nothing changed, nothing audited, the run as it is now.
 */
export type CancelOutcome = { outcome: "cancelled" | "cancel_requested" | "already_cancelled"; run: RunDto };

type CancelStep = {
  outcome: "cancelled" | "cancel_requested";
  action: AuditInput["action"];
  set: Partial<Run>;
  /** The UPDATE's condition beside the id: what must still hold for this caller to win. */
  guard: SQL;
  changes: Record<string, unknown>;
};

function cancelStep(run: Run, now: Date): CancelStep | null {
  if (!canCancel({ status: run.status, cancelRequested: run.cancelRequestedAt !== null })) return null;
  if (run.status === "queued") {
    return {
      outcome: "cancelled",
      action: "run.cancel",
      set: { status: "cancelled", finishedAt: now, updatedAt: now },
      guard: eq(runs.status, "queued"),
      changes: { status: { from: "queued", to: "cancelled" } },
    };
  }
  return {
    outcome: "cancel_requested",
    action: "run.cancel_request",
    set: { cancelRequestedAt: now, updatedAt: now },
    guard: and(eq(runs.status, "running"), isNull(runs.cancelRequestedAt))!,
    changes: { cancelRequested: { from: false, to: true } },
  };
}

/** Why a cancel of `run` (as it is now) does nothing: a 409 that says what happened. */
function refusal(run: Run): ConflictError {
  if (run.status === "running" && run.cancelRequestedAt) return new ConflictError("Cancellation was already requested for this run");
  return new ConflictError(`A ${run.status} run cannot be cancelled`, { runStatus: run.status });
}

/**
 * Cancel from the console: a queued run is cancelled at once; a running run gets
 * cancel_requested_at and its executor confirms with PATCH status=cancelled.
 * Conditional UPDATEs: of two concurrent cancels exactly one wins and is audited; the other
 * is told the run was cancelled already (queued), or that cancellation was already
 * requested (running, 409).
 */
export async function cancelRun(ctx: AccessContext, id: string): Promise<CancelOutcome> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const result = await getDb().transaction((tx) => cancelIn(tx, ctx, id));
  if (result.outcome !== "already_cancelled") await invalidateTags(runTags(result.row.projectId));
  return { outcome: result.outcome, run: toRunDto(result.row) };
}

async function cancelIn(tx: Tx, ctx: AccessContext, id: string): Promise<{ outcome: CancelOutcome["outcome"]; row: Run }> {
  // A lost race is read again: cancelled by the winner (told so, nothing written), or moved
  // on (queued → running by its executor: then the running run is asked to stop instead).
  for (let attempt = 0; ; attempt++) {
    const current = await findVisibleRun(tx, ctx, id);
    // Cancelling is idempotent: a run someone else cancelled (a moment ago or long since)
    // is answered as it is, not refused.
    if (current.status === "cancelled") return { outcome: "already_cancelled", row: current };
    const step = cancelStep(current, new Date());
    if (!step || attempt === 3) throw refusal(current);
    const [row] = await tx.update(runs).set(step.set).where(and(eq(runs.id, id), step.guard)).returning();
    if (!row) continue;
    await recordAudit(tx, {
      action: step.action,
      actor: actorOf(ctx.principal),
      target: { type: "run", id, label: row.name },
      projectId: row.projectId,
      changes: step.changes,
      meta: ctx.meta,
    });
    return { outcome: step.outcome, row };
  }
}
