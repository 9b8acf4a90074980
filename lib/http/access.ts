import type { AccessContext } from "../auth/principal";
import type { Ctx, Reply } from "./pipeline";

// The two things every v1 handler does besides calling its domain function.

/** The caller as the data-access layer sees it: domain functions check authorization themselves. */
export function accessOf(ctx: Pick<Ctx<unknown, unknown, unknown>, "principal" | "meta">): AccessContext {
  return { principal: ctx.principal, meta: ctx.meta };
}

/** 201 with the created resource and where it lives (a path under /api/v1). */
export function created(location: string, body: unknown): Reply {
  return { status: 201, body, headers: { Location: location } };
}
