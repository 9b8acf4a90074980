import type { RunStatus } from "../db/schema";
import { ConflictError } from "../errors";

// queued → running → succeeded | failed | cancelled, and queued → cancelled.
export const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["running", "cancelled"],
  running: ["succeeded", "failed", "cancelled"],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export const ACTIVE_STATUSES: readonly RunStatus[] = ["queued", "running"];

export function canMove(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a 409 naming the moves that are allowed from `from`. */
export function assertMove(from: RunStatus, to: RunStatus): void {
  if (!canMove(from, to)) {
    throw new ConflictError(`A ${from} run cannot become ${to}`, { from, to, allowed: TRANSITIONS[from] });
  }
}
