"use server";

import { defineAction } from "@/lib/actions/define";
import { cacheFlushSchema, flushCacheAs } from "@/lib/system/cache-controls";
import { rateLimitSubjectSchema, resetRateLimitState } from "@/lib/system/rate-limits";

export const resetRateLimitAction = defineAction({ name: "system.reset_rate_limit", input: rateLimitSubjectSchema, role: "admin" }, (ctx, input) =>
  resetRateLimitState(ctx, input),
);

export const flushCacheAction = defineAction({ name: "system.flush_cache", input: cacheFlushSchema, role: "admin" }, (ctx, input) => flushCacheAs(ctx, input));
