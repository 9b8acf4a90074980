import { getDb } from "../lib/db/client";
import { accessOf } from "../lib/http/access";
import { etagFor, matchesIfNoneMatch } from "../lib/http/etag";
import { route } from "../lib/http/pipeline";
import { runListQuery, slugParams, splitPage } from "../lib/http/v1-inputs";
import { findVisibleProject } from "../lib/projects/queries";
import { listRunsForProject } from "../lib/runs/queries";
import { withBenchDatabase } from "./database";
import { fmt } from "./fixtures";
import { compareLoads, describeLoad, LOAD_CONNECTIONS, LOAD_ROUNDS, LOAD_SECONDS, pairedRatio, roundRatios, serve } from "./http";
import type { Bench } from "./registry";
import { LIST_RUNS, setupRunsList } from "./runs-list";

// A client polling the runs list with If-None-Match should cost the server far less than a
// full answer. The pipeline hashes the finished body, so today a 304 still pays for the
// project lookup, the list query, the DTOs and the JSON: it saves only the transfer.

/**
 * What a validator known before the query would buy, bench-only: a constant revision stands
 * in for "nothing changed", so 304 is answered right after auth, rate limit, validation and
 * the visibility check. Not safe to ship as is: a real validator must change with every
 * write to the project's runs, from every writer (API, console actions, the generator,
 * retention) and on every instance. A per-project revision bumped in the writing
 * transaction (a column or a statement-level trigger, so a migration) would be; a
 * cache-tier token would not, since a lost invalidation would answer 304 for changed data.
 */
const revision = 1;
const prototypeGET = route({ route: "/api/v1/projects/[slug]/runs", scope: "runs:read", params: slugParams, query: runListQuery }, async (ctx) => {
  await findVisibleProject(getDb(), accessOf(ctx), ctx.params.slug);
  const tag = etagFor(`${ctx.params.slug}:${revision}:${new URL(ctx.request.url).search}`);
  if (matchesIfNoneMatch(ctx.request.headers.get("if-none-match"), tag)) return new Response(null, { status: 304, headers: { ETag: tag } });
  const [filter, page] = splitPage(ctx.query);
  return { body: await listRunsForProject(accessOf(ctx), ctx.params.slug, filter, page) };
});

export const etag304Bench: Bench = {
  name: "etag-304",
  description: `GET first page of ${fmt(LIST_RUNS)} runs through the pipeline, ${LOAD_CONNECTIONS} connections, ${LOAD_ROUNDS} alternating rounds × ${LOAD_SECONDS} s each: full 200 answers vs If-None-Match revalidations`,
  run: () =>
    withBenchDatabase(async () => {
      const list = await setupRunsList();
      const full = await serve(list.full);
      const prototype = await serve((request) => prototypeGET(request, { params: Promise.resolve({ slug: "bench-01" }) }));
      try {
        const auth = { authorization: `Bearer ${list.key}` };
        const first = await fetch(full.url + list.path, { headers: auth });
        const body = await first.text();
        const etag = first.headers.get("etag");
        if (first.status !== 200 || !etag) throw new Error(`first GET answered ${first.status} without an ETag`);
        const again = await fetch(full.url + list.path, { headers: { ...auth, "if-none-match": etag } });
        if (again.status !== 304) throw new Error(`revalidation answered ${again.status}, not 304`);
        const protoTag = etagFor(`bench-01:${revision}:${new URL(full.url + list.path).search}`);

        const loads = await compareLoads({
          full: { url: full.url + list.path, headers: auth },
          revalidate: { url: full.url + list.path, headers: { ...auth, "if-none-match": etag } },
          prototype: { url: prototype.url + list.path, headers: { ...auth, "if-none-match": protoTag } },
        });
        const ratio = pairedRatio(loads, "revalidate", "full");
        const lines = [
          `full 200 (${fmt(Buffer.byteLength(body))} B body): ${describeLoad(loads.totals.full!)}`,
          `304 revalidation:       ${describeLoad(loads.totals.revalidate!)}`,
          `304/full per round: ${roundRatios(loads, "revalidate", "full")} (the ratio below is their median)`,
        ];
        if (ratio < 3) {
          lines.push("the pipeline runs the handler (project lookup, list query, DTOs, JSON) and hashes the body before comparing If-None-Match: a 304 only saves the transfer");
        }
        lines.push(
          `prototype (bench-only, not safe as is), validator checked before the query: ${describeLoad(loads.totals.prototype!)} → 304/full ${fmt(pairedRatio(loads, "prototype", "full"), 2)}`,
        );
        return { lines, ratio, target: { text: "304/full ≥ 3", met: ratio >= 3 } };
      } finally {
        await full.close();
        await prototype.close();
      }
    }),
};
