import { describe, expect, it } from "vitest";
import { parseAsInteger, parseAsStringLiteral } from "nuqs/server";
import { parseMetricsSearch } from "@/app/(console)/metrics/search-params";
import { ignoredRunListParams } from "@/app/(console)/projects/search-params";
import { parseUtcDate } from "@/lib/ui/format";
import { describeIgnored, ignoredParams } from "@/lib/search-params/ignored";

describe("ignoredParams", () => {
  const parsers = { status: parseAsStringLiteral(["failed", "succeeded"] as const), page: parseAsInteger };
  it("names each value a parser refused, and nothing for absent or empty ones", () => {
    expect(ignoredParams({ status: "bogus", page: "2" }, parsers)).toEqual([{ key: "status", value: "bogus" }]);
    expect(ignoredParams({ status: "", other: "x" }, parsers)).toEqual([]);
    expect(ignoredParams({ page: ["x", "2"] }, parsers)).toEqual([{ key: "page", value: "x" }]);
  });
  it("cuts a long value short in the notice", () => {
    expect(describeIgnored({ key: "q", value: "a".repeat(60) })).toBe(`q=${"a".repeat(40)}…`);
    expect(describeIgnored({ key: "from/to", value: "b – a", reason: "from is not before to" })).toBe("from/to=b – a (from is not before to)");
  });
  it("reports a run list's unknown status", () => {
    expect(ignoredRunListParams({ status: "exploded", range: "24h" })).toEqual([{ key: "status", value: "exploded" }]);
  });
});

describe("/metrics URL state", () => {
  const now = new Date("2026-12-01T19:00:00Z");
  it("reads a zone-less custom time as UTC, as the form's labels say", () => {
    expect(parseUtcDate("2026-12-01 18:51")?.toISOString()).toBe("2026-12-01T18:51:00.000Z");
    expect(parseUtcDate("2026-12-01T18:51")?.toISOString()).toBe("2026-12-01T18:51:00.000Z");
    expect(parseUtcDate("2026-12-01T18:51:00+02:00")?.toISOString()).toBe("2026-12-01T16:51:00.000Z");
    expect(parseUtcDate("soon")).toBeNull();
  });
  it("says when range=bogus fell back to the last hour", () => {
    const search = parseMetricsSearch({ range: "bogus" }, now);
    expect(search.range.preset).toBe("1h");
    expect(search.ignored).toEqual([{ key: "range", value: "bogus" }]);
  });
  it("says when from is after to, and uses the preset", () => {
    const search = parseMetricsSearch({ from: "2026-12-01 18:00", to: "2026-12-01 17:00", range: "6h" }, now);
    expect(search.range.preset).toBe("6h");
    expect(search.ignored).toEqual([{ key: "from/to", value: "2026-12-01 18:00 – 2026-12-01 17:00", reason: "from is not before to" }]);
  });
  it("reports nothing for a valid custom range", () => {
    expect(parseMetricsSearch({ from: "2026-12-01 17:00", to: "2026-12-01 18:00" }, now).ignored).toEqual([]);
  });
});
