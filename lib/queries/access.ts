import "server-only";
import { recordAuditStandalone } from "../audit/record";
import { actorOf, authorize, hasRole, type AccessContext } from "../auth/principal";
import { ForbiddenError } from "../errors";

// Who may see what on /queries: reading is metrics:read (operator and up, or a key with
// that scope); EXPLAIN and resetting statistics are admin only. Denials are audited.

export async function authorizeQueryRead(ctx: AccessContext, resource: string): Promise<void> {
  await authorize(ctx, "metrics:read", resource);
}

export async function authorizeQueryAdmin(ctx: AccessContext, resource: string): Promise<void> {
  if (hasRole(ctx.principal, "admin")) return;
  await recordAuditStandalone({
    action: "authz.denied",
    actor: actorOf(ctx.principal),
    target: { type: "resource", id: resource },
    changes: { required: "admin", ...(ctx.principal.kind === "user" ? { role: ctx.principal.user.role } : {}) },
    meta: ctx.meta,
  });
  throw new ForbiddenError("This needs the admin role");
}
