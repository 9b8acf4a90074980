import "server-only";
import { and, eq, isNull, type SQL } from "drizzle-orm";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit, type AuditInput } from "../audit/record";
import { getDb } from "../db/client";
import { runs, type Run, type RunStatus } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { ConflictError } from "../errors";
import { runTags } from "./create";
import { toRunDto, type RunDto } from "./dto";
import { findVisibleRun } from "./queries";

export type CancelOutcome = { outcome: "cancelled" | "cancel_requested"; run: RunDto };

type CancelStep = {
  outcome: CancelOutcome["outcome"];
  action: AuditInput["action"];
  set: Partial<Run>;
  /** The UPDATE's condition beside the id: what must still hold for this caller to win. */
  guard: SQL;
  changes: Record<string, unknown>;
  /** The 409 for the caller that lost the race. */
  lost: () => ConflictError;
};

function cancelStep(status: RunStatus, now: Date): CancelStep | null {
  if (status === "queued") {
    return {
      outcome: "cancelled",
      action: "run.cancel",
      set: { status: "cancelled", finishedAt: now, updatedAt: now },
      guard: eq(runs.status, "queued"),
      changes: { status: { from: "queued", to: "cancelled" } },
      lost: () => new ConflictError("A queued run cannot be cancelled", { status: "queued" }),
    };
  }
  if (status === "running") {
    return {
      outcome: "cancel_requested",
      action: "run.cancel_request",
      set: { cancelRequestedAt: now, updatedAt: now },
      guard: and(eq(runs.status, "running"), isNull(runs.cancelRequestedAt))!,
      changes: { cancelRequested: { from: false, to: true } },
      lost: () => new ConflictError("Cancellation was already requested for this run"),
    };
  }
  return null;
}

/**
 * Cancel from the console: a queued run is cancelled at once; a running run gets
 * cancel_requested_at and its executor confirms with PATCH status=cancelled.
 * Conditional UPDATEs: of two concurrent cancels exactly one wins, the other gets a 409.
 */
export async function cancelRun(ctx: AccessContext, id: string): Promise<CancelOutcome> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const result = await getDb().transaction(async (tx) => {
    const current = await findVisibleRun(tx, ctx, id);
    const step = cancelStep(current.status, new Date());
    if (!step) throw new ConflictError(`A ${current.status} run cannot be cancelled`, { status: current.status });
    const [row] = await tx.update(runs).set(step.set).where(and(eq(runs.id, id), step.guard)).returning();
    if (!row) throw step.lost();
    await recordAudit(tx, {
      action: step.action,
      actor: actorOf(ctx.principal),
      target: { type: "run", id, label: row.name },
      projectId: row.projectId,
      changes: step.changes,
      meta: ctx.meta,
    });
    return { outcome: step.outcome, row };
  });
  await invalidateTags(runTags(result.row.projectId));
  return { outcome: result.outcome, run: toRunDto(result.row) };
}
