import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getOverviewStats } from "@/lib/overview/stats";
import { createRun } from "@/lib/runs/create";
import { patchRun } from "@/lib/runs/update";
import { makeKey, makeProject, type TestKey } from "./support/api";
import { signedInUser } from "./support/users";

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey();
});

describe("overview: recent failures", () => {
  it("are listed in the order of their Finished column, newest first", async () => {
    const { slug } = await makeProject(admin);
    // Created in order a, b, c; finished c first, then a, then b (minutes ago: 1, 30, 90).
    for (const [name, finishedMinutesAgo] of [["fail a", 30], ["fail b", 1], ["fail c", 90]] as const) {
      const run = await createRun(admin.access, slug, { name, status: "running" });
      await patchRun(admin.access, run.id, { status: "failed" });
      await getDb().execute(sql`UPDATE runs SET finished_at = now() + interval '1 day' - make_interval(mins => ${finishedMinutesAgo}) WHERE id = ${run.id}`);
    }
    const { ctx } = await signedInUser("viewer", "github");
    const stats = await getOverviewStats(ctx);
    const ours = stats.recentFailures.filter((f) => f.projectSlug === slug).map((f) => f.name);
    expect(ours).toEqual(["fail b", "fail a", "fail c"]);
    const finished = stats.recentFailures.map((f) => Date.parse(f.finishedAt ?? "1970-01-01"));
    expect(finished).toEqual([...finished].sort((a, b) => b - a));
  });
});
