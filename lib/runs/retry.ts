import "server-only";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { recordAudit } from "../audit/record";
import { getDb } from "../db/client";
import { runs } from "../db/schema";
import { invalidateTags } from "../cache/tags";
import { ConflictError } from "../errors";
import { runTags } from "./create";
import { toRunDto, type RunDto } from "./dto";
import { findVisibleRun } from "./queries";
import { canRetry } from "./state-machine";

/** Retry: a new queued run copying name, kind and metadata, linked by retryOf. Only finished runs. */
export async function retryRun(ctx: AccessContext, id: string): Promise<RunDto> {
  await authorize(ctx, "runs:write", `run:${id}`);
  const created = await getDb().transaction(async (tx) => {
    const source = await findVisibleRun(tx, ctx, id);
    if (!canRetry(source.status)) {
      throw new ConflictError(`A ${source.status} run cannot be retried until it finishes`, { runStatus: source.status });
    }
    const [row] = await tx
      .insert(runs)
      .values({ projectId: source.projectId, name: source.name, kind: source.kind, externalId: source.externalId, metadata: source.metadata, retryOf: source.id })
      .returning();
    await recordAudit(tx, {
      action: "run.retry",
      actor: actorOf(ctx.principal),
      target: { type: "run", id: source.id, label: source.name },
      projectId: source.projectId,
      changes: { retryRunId: row!.id, retryOf: source.id },
      meta: ctx.meta,
    });
    return row!;
  });
  await invalidateTags(runTags(created.projectId));
  return toRunDto(created);
}
