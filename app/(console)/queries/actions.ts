"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { explainQuery } from "@/lib/queries/explain";
import { resetStatementStats } from "@/lib/queries/pg-stats";

// POST-only by construction (server actions), Origin-checked by defineAction (PgHero
// CVE-2020-16253 was a GET that changed state); both need the admin role and are audited.

export const explainQueryAction = defineAction(
  {
    name: "queries.explain",
    role: "admin",
    input: z.object({
      source: z.enum(["recorded", "statements"]),
      id: z.string().regex(/^[-\w]{1,40}$/, "must be a fingerprint or a query id"),
      analyze: z.boolean().default(false),
    }),
  },
  (ctx, input) =>
    explainQuery(ctx, input.source === "recorded" ? { source: "recorded", fingerprint: input.id } : { source: "statements", queryid: input.id }, { analyze: input.analyze }),
);

export const resetQueryStatsAction = defineAction({ name: "queries.reset_stats", role: "admin", input: z.object({}).strict() }, async (ctx) => {
  await resetStatementStats(ctx);
  return { reset: true };
});
