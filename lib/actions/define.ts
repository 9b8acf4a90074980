import "server-only";
import type { z } from "zod";
import { authorize } from "../auth/authorize";
import type { AccessContext } from "../auth/principal";
import type { Role } from "../auth/roles";
import { roleForScope, type Scope } from "../auth/scopes";
import { getSessionUser } from "../auth/session";
import { getConfig } from "../config";
import { isDatabaseOutage } from "../db/outage";
import { withRequestContext } from "../db/query-context";
import { ServiceError, type ErrorCode } from "../errors";
import { unstorableStrings } from "../http/input-gate";
import { statusForCode, type TransportCode } from "../http/problem";
import { requestMetaFrom } from "../request/meta";
import { requestHeaders } from "../request/scope";
import { recordRequest } from "../metrics/record";
import { errorField, log } from "../log/logger";
import { withSpan } from "../observability/tracing";

// Every server action is defined through defineAction: it parses the input with zod, loads
// the signed-in user, refuses foreign origins, and maps domain errors to a result the
// client can show. Authorization itself happens in the domain function it calls (which
// audits denials); the declared scope is the registry entry the authorization matrix tests.
// A refusal carries the same codes as the API's problem documents (lib/http/problem.ts).

export type ActionErrorCode = ErrorCode | TransportCode;
export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ActionErrorCode; error: string; fieldErrors?: Record<string, string> };

/** An action declares either the scope it exercises (its role follows from it) or a minimum role. */
export type ActionDefinition = { name: string; scope: Scope | null; minRole: Role };

const registry = new Map<string, ActionDefinition>();
const definitions = new WeakMap<object, ActionDefinition>();

/** All defined actions: the registry the authorization matrix walks. */
export function registeredActions(): ActionDefinition[] {
  return [...registry.values()];
}

/** The registry entry of a function made by defineAction; undefined for anything else (a stray export). */
export function actionDefinitionOf(fn: unknown): ActionDefinition | undefined {
  return typeof fn === "function" ? definitions.get(fn) : undefined;
}

function sameOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || origin === "null") return false;
  const allowed = new Set<string>();
  const configured = getConfig().NEXTAUTH_URL;
  if (configured) allowed.add(new URL(configured).origin);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

export function defineAction<S extends z.ZodTypeAny, T>(
  definition: { name: string; input: S } & ({ scope: Scope; role?: never } | { role: Role; scope?: never }),
  body: (ctx: AccessContext, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  const minRole = definition.scope ? roleForScope(definition.scope) : definition.role!;
  const entry: ActionDefinition = { name: definition.name, scope: definition.scope ?? null, minRole };
  registry.set(definition.name, entry);
  const run = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const h = await requestHeaders();
    if (!sameOrigin(h.get("origin"), h.get("x-forwarded-host") ?? h.get("host"))) {
      return { ok: false, code: "foreign_origin", error: "This action must come from the console itself." };
    }
    const user = await getSessionUser();
    if (!user) return { ok: false, code: "unauthenticated", error: "Your session has ended. Sign in again." };
    const access: AccessContext = { principal: { kind: "user", user }, meta: requestMetaFrom(h) };
    try {
      // The declared minimum role is enforced here too (audited); the domain function checks again.
      await authorize(access, minRole, `action ${definition.name}`);
      const unstorable = unstorableStrings(raw, "");
      if (unstorable.length) {
        const fieldErrors = Object.fromEntries(unstorable.map((e) => [e.path.replace(/^\./, "") || "input", e.message]));
        return { ok: false, code: "invalid_request", error: "Some fields contain text that cannot be stored.", fieldErrors };
      }
      const parsed = definition.input.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "input", i.message]));
        return { ok: false, code: "invalid_request", error: "Some fields are not valid.", fieldErrors };
      }
      const data = await withRequestContext({ route: `action:${definition.name}`, requestId: h.get("x-request-id") }, () => body(access, parsed.data));
      return { ok: true, data };
    } catch (err) {
      if (err instanceof ServiceError) return { ok: false, code: err.code, error: err.message };
      if (isDatabaseOutage(err)) return { ok: false, code: "unavailable", error: "The database is unavailable right now; try again in a few seconds." };
      log("action").error({ action: definition.name, requestId: h.get("x-request-id"), err: errorField(err) }, "action failed");
      return { ok: false, code: "internal", error: "Something went wrong. Try again, or quote the request id when reporting it." };
    }
  };
  // Recorded under the action's name (its POST goes to whatever page it was called from).
  const action = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const started = performance.now();
    const result = await withSpan(`action:${definition.name}`, { attributes: { "opsdeck.action": definition.name } }, () => run(raw));
    recordRequest({ route: `action:${definition.name}`, method: "POST", status: result.ok ? 200 : statusForCode(result.code), durationMs: performance.now() - started });
    return result;
  };
  definitions.set(action, entry);
  return action;
}
