import type { Actor, RequestMeta } from "../request/meta";
import { roleAtLeast, type Role } from "./roles";
import { scopesForRole, type Scope } from "./scopes";
import type { SessionUser } from "./users";

// Who is calling, whichever way they came in (API key or browser session). Every domain
// function takes an AccessContext and checks it itself (lib/auth/authorize.ts).

export type ApiKeyPrincipal = { id: string; name: string; prefix: string; scopes: Scope[]; projectId: string | null };

export type Principal = { kind: "api_key"; key: ApiKeyPrincipal } | { kind: "user"; user: SessionUser };

/** The one caller type of the data-access layer: who, and the request they came with. */
export type AccessContext = { principal: Principal; meta: RequestMeta };

export function hasScope(p: Principal, scope: Scope): boolean {
  return p.kind === "api_key" ? p.key.scopes.includes(scope) : scopesForRole(p.user.role).includes(scope);
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
