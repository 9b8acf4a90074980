import { recordAuditStandalone } from "../audit/record";
import { ForbiddenError } from "../errors";
import { actorOf, hasRole, hasScope, type AccessContext } from "./principal";
import { isRole, type Role } from "./roles";
import { roleForScope, type Scope } from "./scopes";
import type { SessionUser } from "./users";

// The one authorization check of the data-access layer, for pages, actions, routes and
// domain functions alike. A need is an API scope (held by keys, and by session users
// through their role) or a role (only signed-in users hold one: users, keys and system
// controls have no scope). A refusal is recorded as authz.denied before it is thrown.

export type Need = Scope | Role;

/** Passes when the caller holds `need`; otherwise audits the denial and throws ForbiddenError. */
export async function authorize(ctx: AccessContext, need: Role, resource: string): Promise<SessionUser>;
export async function authorize(ctx: AccessContext, need: Need, resource: string): Promise<void>;
export async function authorize(ctx: AccessContext, need: Need, resource: string): Promise<SessionUser | void> {
  const { principal } = ctx;
  if (isRole(need)) {
    if (hasRole(principal, need) && principal.kind === "user") return principal.user;
    await recordAccessDenial(ctx, need, resource);
    throw new ForbiddenError(`This needs the ${need} role`);
  }
  if (hasScope(principal, need)) return;
  await recordAccessDenial(ctx, need, resource);
  // A user is told the role they lack; a key, the scope.
  throw new ForbiddenError(principal.kind === "user" ? `This needs the ${roleForScope(need)} role` : `This needs the ${need} scope`, "insufficient_scope");
}

/**
 * Changes to what acts on the whole instance — monitors (probed from its own network) and
 * notification channels (where its incidents go): the scope, and either an admin (a user)
 * or a key not bound to a project (only admins issue those).
 */
export async function authorizeInstanceChange(ctx: AccessContext, scope: Scope, resource: string): Promise<void> {
  await authorize(ctx, scope, resource);
  if (ctx.principal.kind === "user") await authorize(ctx, "admin", resource);
  else if (ctx.principal.key.projectId) {
    await recordAccessDenial(ctx, "unbound key", resource);
    throw new ForbiddenError("Only an admin, or a key not bound to a project, can change this");
  }
}

/** The one audit record of a refused scope, role or rule (authz.denied); the caller then refuses. */
export async function recordAccessDenial(ctx: AccessContext, required: string, resource: string, extra: Record<string, unknown> = {}): Promise<void> {
  await recordAuditStandalone({
    action: "authz.denied",
    actor: actorOf(ctx.principal),
    target: { type: "resource", id: resource },
    changes: { required, ...(ctx.principal.kind === "user" ? { role: ctx.principal.user.role } : {}), ...extra },
    meta: ctx.meta,
  });
}
