import { describe, expect, it } from "vitest";
import { quantileFromBuckets, SLOW_QUERY_BUCKETS_MS } from "@/lib/queries/histogram";
import { buildPlanTree } from "@/lib/queries/plan-tree";
import { tokenizeSql } from "@/lib/queries/sql-tokens";

describe("SQL tokenizer", () => {
  it("splits keywords, strings, numbers, params and comments, and loses no character", () => {
    const sql = "SELECT \"a\", 'it''s' FROM t WHERE n = 42 AND p = $1 -- note\n/* c */";
    const tokens = tokenizeSql(sql);
    expect(tokens.map((t) => t.text).join("")).toBe(sql);
    expect(tokens.filter((t) => t.kind === "keyword").map((t) => t.text)).toEqual(["SELECT", "FROM", "WHERE", "AND"]);
    expect(tokens.find((t) => t.kind === "string")?.text).toBe("'it''s'");
    expect(tokens.find((t) => t.kind === "param")?.text).toBe("$1");
    expect(tokens.filter((t) => t.kind === "comment")).toHaveLength(2);
  });

  it("tokenizes a 100 kB statement in one linear pass", () => {
    const sql = `SELECT id FROM runs WHERE id IN (${Array.from({ length: 15_000 }, (_, i) => `$${i + 1}`).join(", ")})`;
    const started = performance.now();
    const tokens = tokenizeSql(sql);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(tokens.map((t) => t.text).join("")).toBe(sql);
  });
});

describe("p95 from histogram buckets", () => {
  it("interpolates inside the bucket holding the 95th percentile and never exceeds the maximum", () => {
    const buckets = SLOW_QUERY_BUCKETS_MS.map(() => 0);
    buckets[4] = 90; // ≤100 ms
    buckets[5] = 10; // ≤250 ms
    const p95 = quantileFromBuckets(buckets, 0.95, 240)!;
    expect(p95).toBeGreaterThan(100);
    expect(p95).toBeLessThanOrEqual(240);
    expect(quantileFromBuckets(SLOW_QUERY_BUCKETS_MS.map(() => 0), 0.95, 0)).toBeNull();
  });
});

describe("plan tree", () => {
  it("marks the node with the highest own cost", () => {
    const tree = buildPlanTree([
      {
        Plan: {
          "Node Type": "Hash Join",
          "Join Type": "Inner",
          "Startup Cost": 1,
          "Total Cost": 120,
          "Plan Rows": 10,
          Plans: [
            { "Node Type": "Seq Scan", "Relation Name": "runs", Alias: "r", "Startup Cost": 0, "Total Cost": 100, "Plan Rows": 1000, Filter: "(status = $1)" },
            { "Node Type": "Hash", "Startup Cost": 0, "Total Cost": 5, "Plan Rows": 10, Plans: [{ "Node Type": "Index Scan", "Relation Name": "projects", "Index Name": "projects_pkey", "Startup Cost": 0, "Total Cost": 4, "Plan Rows": 10 }] },
          ],
        },
      },
    ]);
    expect(tree.analyzed).toBe(false);
    expect(tree.root.nodeType).toBe("Hash Join (Inner)");
    const seq = tree.root.children[0]!;
    expect(seq).toMatchObject({ target: "on runs r", selfCost: 100, details: ["Filter: (status = $1)"] });
    expect(tree.costliestId).toBe(seq.id);
    expect(tree.root.selfCost).toBe(15);
  });
});
