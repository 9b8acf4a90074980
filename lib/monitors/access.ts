import "server-only";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAuditStandalone } from "../audit/record";
import { roleAtLeast } from "../auth/roles";
import { ForbiddenError } from "../errors";

/** Monitors are admin-only to change: the console probes whatever they point at. Denials are audited. */
export async function assertAdmin(ctx: AccessContext, resource: string): Promise<void> {
  const p = ctx.principal;
  if (p.kind === "user" && roleAtLeast(p.user.role, "admin")) return;
  await recordAuditStandalone({
    action: "authz.denied",
    actor: actorOf(p),
    target: { type: "resource", id: resource },
    changes: { required: "admin", ...(p.kind === "user" ? { role: p.user.role } : {}) },
    meta: ctx.meta,
  });
  throw new ForbiddenError("Only admins may change monitors");
}
