import "server-only";
import { z } from "zod";
import { apiKeyCache, forgetCachedApiKeys } from "../api-keys/authenticate";
import type { KeyCacheStatus } from "../api-keys/key-cache";
import { recordAudit } from "../audit/record";
import { actorOf, type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { cacheStats, cacheTagCounts, flushAllCaches, invalidateTags, type CacheStats } from "../cache/tags";
import { getConfig } from "../config";
import { getDb } from "../db/client";

export type CacheOverview = {
  stats: CacheStats;
  tags: { tag: string; entries: number }[];
  sharedAcrossInstances: boolean;
  /** This instance's API key cache (lib/api-keys/key-cache.ts); null without a database URL. */
  apiKeys: KeyCacheStatus | null;
};

/** This instance's cache counters and the tags its entries carry (admins only). */
export async function readCacheOverview(ctx: AccessContext): Promise<CacheOverview> {
  await authorize(ctx, "admin", "system:cache");
  const tags = Object.entries(cacheTagCounts())
    .map(([tag, entries]) => ({ tag, entries }))
    .sort((a, b) => b.entries - a.entries || a.tag.localeCompare(b.tag));
  return { stats: cacheStats(), tags, sharedAcrossInstances: Boolean(getConfig().REDIS_URL), apiKeys: apiKeyCache()?.status() ?? null };
}

export const cacheFlushSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ tag: z.string().trim().min(1, "is required").max(200).regex(/^[\w:.-]+$/, "may hold letters, digits and : . _ -") }),
]);

/**
 * Flushes one tag or everything (admins only), audited as cache.flush in the same
 * transaction. With Redis the flush reaches every instance (shared tier by version, other
 * L1s by message); without it there is only this instance. A Redis failure during the flush
 * is not raised (the cache never fails a request): it shows in the l2Errors counter, and an
 * instance that missed the message drops its whole L1 when its subscription reconnects.
 */
export async function flushCacheAs(ctx: AccessContext, input: z.input<typeof cacheFlushSchema>): Promise<{ flushed: string }> {
  await authorize(ctx, "admin", "system:cache_flush");
  const what = cacheFlushSchema.parse(input);
  const flushed = "all" in what ? "all" : what.tag;
  await getDb().transaction(async (tx) => {
    await recordAudit(tx, {
      action: "cache.flush",
      actor: actorOf(ctx.principal),
      target: { type: "cache", id: flushed },
      changes: { scope: "all" in what ? "all" : "tag", acrossInstances: Boolean(getConfig().REDIS_URL) },
      meta: ctx.meta,
    });
    if ("all" in what) {
      await flushAllCaches();
      // Other instances' key caches need no message: they stay right by the database's notifications.
      forgetCachedApiKeys();
    } else await invalidateTags([what.tag]);
  });
  return { flushed };
}
