import { z } from "zod";
import { route } from "@/lib/http/pipeline";
import { metricsHistoryFor } from "@/lib/metrics/history";
import { parseRange } from "@/lib/metrics/range";
import { methodsNotAllowed } from "@/lib/http/methods";

// The /metrics page's auto-refresh: the same history the page rendered, for the range in the URL.
export const dynamic = "force-dynamic";

const query = z.object({ range: z.string().max(8).optional(), from: z.string().max(40).optional(), to: z.string().max(40).optional(), route: z.string().max(300).optional() });

export const GET = route({ route: "/api/metrics/history", role: "operator", query, cache: false }, async ({ access, query: q }) => {
  const range = parseRange(q);
  return { body: await metricsHistoryFor(access, { from: range.from, to: range.to, route: q.route }) };
});

// Every other method: 405 problem+json with Allow (lib/http/methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("/api/metrics/history", { GET });
