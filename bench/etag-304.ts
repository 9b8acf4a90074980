import { withBenchDatabase } from "./database";
import { fmt } from "./fixtures";
import { compareLoads, describeLoad, LOAD_CONNECTIONS, LOAD_ROUNDS, LOAD_SECONDS, pairedRatio, roundRatios, serve } from "./http";
import type { Bench } from "./registry";
import { LIST_RUNS, setupRunsList } from "./runs-list";

// A client polling the runs list with If-None-Match should cost the server far less than a
// full answer. The list answers revalidations from the project's runs revision (bumped in
// every writing transaction, drizzle/0003), checked after auth, rate limit, validation and
// the visibility check but before the list query, the DTOs and the JSON.

export const etag304Bench: Bench = {
  name: "etag-304",
  description: `GET first page of ${fmt(LIST_RUNS)} runs through the pipeline, ${LOAD_CONNECTIONS} connections, ${LOAD_ROUNDS} alternating rounds × ${LOAD_SECONDS} s each: full 200 answers vs If-None-Match revalidations`,
  run: () =>
    withBenchDatabase(async () => {
      const list = await setupRunsList();
      const full = await serve(list.full);
      try {
        const auth = { authorization: `Bearer ${list.key}` };
        const first = await fetch(full.url + list.path, { headers: auth });
        const body = await first.text();
        const etag = first.headers.get("etag");
        if (first.status !== 200 || !etag) throw new Error(`first GET answered ${first.status} without an ETag`);
        const again = await fetch(full.url + list.path, { headers: { ...auth, "if-none-match": etag } });
        if (again.status !== 304) throw new Error(`revalidation answered ${again.status}, not 304`);

        const loads = await compareLoads({
          full: { url: full.url + list.path, headers: auth },
          revalidate: { url: full.url + list.path, headers: { ...auth, "if-none-match": etag } },
        });
        const ratio = pairedRatio(loads, "revalidate", "full");
        const lines = [
          `full 200 (${fmt(Buffer.byteLength(body))} B body): ${describeLoad(loads.totals.full!)}`,
          `304 revalidation:       ${describeLoad(loads.totals.revalidate!)}`,
          `304/full per round: ${roundRatios(loads, "revalidate", "full")} (the ratio below is their median)`,
        ];
        return { lines, ratio, target: { text: "304/full ≥ 3", met: ratio >= 3 } };
      } finally {
        await full.close();
      }
    }),
};
