import type { RunStatus } from "../db/schema";
import { ConflictError } from "../errors";

// The run vocabulary, once: queued → running → succeeded | failed | cancelled, and
// queued → cancelled. What is final, what may be cancelled or retried follows from here.
// No runtime imports beyond the error class, so client components may use it too.

export const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["running", "cancelled"],
  running: ["succeeded", "failed", "cancelled"],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export const RUN_STATUSES = Object.keys(TRANSITIONS) as RunStatus[];

/** No move leaves a final status. */
export function isFinal(status: RunStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export const FINAL_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter(isFinal);
export const ACTIVE_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter((s) => !isFinal(s));

/** From the console: a queued run is cancelled at once; a running one is asked to stop, once. */
export function canCancel(run: { status: RunStatus; cancelRequested: boolean }): boolean {
  return canMove(run.status, "cancelled") && !(run.status === "running" && run.cancelRequested);
}

/** Only a finished run is retried (as a new queued run). */
export function canRetry(status: RunStatus): boolean {
  return isFinal(status);
}

export function canMove(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a 409 naming the moves that are allowed from `from`. */
export function assertMove(from: RunStatus, to: RunStatus): void {
  if (!canMove(from, to)) {
    throw new ConflictError(`A ${from} run cannot become ${to}`, { from, to, allowed: TRANSITIONS[from] });
  }
}
