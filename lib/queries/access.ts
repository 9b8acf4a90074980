import "server-only";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";

// Who may see what on /queries: reading is metrics:read (operator and up, or a key with
// that scope); EXPLAIN and resetting statistics are admin only (authorizeRole). Denials are audited.

export async function authorizeQueryRead(ctx: AccessContext, resource: string): Promise<void> {
  await authorize(ctx, "metrics:read", resource);
}
