import { recordAuditStandalone, type Actor, type RequestMeta } from "../audit/record";
import type { Role } from "../db/schema";
import { ForbiddenError } from "../errors";
import type { ApiKeyPrincipal, Scope } from "./api-keys";
import { roleAtLeast } from "./roles";
import type { SessionUser } from "./users";

// Who is calling, whichever way they came in (API key or browser session). Domain
// functions take an AccessContext and check it themselves.

export type Principal = { kind: "api_key"; key: ApiKeyPrincipal } | { kind: "user"; user: SessionUser };

export type AccessContext = { principal: Principal; meta: RequestMeta };

/** What a session user's role grants, expressed as API scopes, so one check serves both kinds of caller. */
const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ["projects:read", "runs:read"],
  operator: ["projects:read", "runs:read", "runs:write", "metrics:read"],
  admin: ["projects:read", "projects:write", "runs:read", "runs:write", "audit:read", "metrics:read"],
};

/** The lowest role whose scopes include `scope`, for messages and denial records. */
export function roleForScope(scope: Scope): Role {
  return (["viewer", "operator", "admin"] as const).find((r) => ROLE_SCOPES[r].includes(scope)) ?? "admin";
}

export function hasScope(p: Principal, scope: Scope): boolean {
  return p.kind === "api_key" ? p.key.scopes.includes(scope) : ROLE_SCOPES[p.user.role].includes(scope);
}

export function hasRole(p: Principal, role: Role): boolean {
  return p.kind === "user" && roleAtLeast(p.user.role, role);
}

export function actorOf(p: Principal): Actor {
  return p.kind === "api_key"
    ? { type: "api_key", id: p.key.id, label: `${p.key.name} (${p.key.prefix}…)` }
    : { type: "user", id: p.user.id, label: p.user.email };
}

/** `key:<id>` or `user:<id>`: whose rate-limit counts and idempotency keys these are. */
export function callerKey(p: Principal): string {
  return p.kind === "api_key" ? `key:${p.key.id}` : `user:${p.user.id}`;
}

/** A key bound to one project sees nothing else (404, not 403): reads filter by this. */
export function projectBinding(p: Principal): string | null {
  return p.kind === "api_key" ? p.key.projectId : null;
}

export class ScopeError extends ForbiddenError {
  constructor(readonly scope: Scope) {
    super(`This needs the ${scope} scope`);
  }
}

/**
 * The data-access layer's check: throws a 403 unless the caller holds `scope`, and records
 * the denial in the audit trail first (for keys and users alike).
 */
export async function authorize(ctx: AccessContext, scope: Scope, resource: string): Promise<void> {
  if (hasScope(ctx.principal, scope)) return;
  await recordAccessDenial(ctx, scope, resource);
  throw new ScopeError(scope);
}

/** The scopes a role's session grants; also the ceiling of what that role may put on a key it creates. */
export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

/**
 * The data-access layer's role check, for things no API scope covers (users, keys, system
 * controls): only a signed-in user of at least `min` passes; anyone else is recorded as
 * authz.denied and refused with ForbiddenError.
 */
export async function authorizeRole(ctx: AccessContext, min: Role, resource: string): Promise<SessionUser> {
  if (ctx.principal.kind === "user" && roleAtLeast(ctx.principal.user.role, min)) return ctx.principal.user;
  await recordAccessDenial(ctx, min, resource);
  throw new ForbiddenError(`This needs the ${min} role`);
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
