import { describe, expect, it } from "vitest";
import { MAX_TRAIL, pageLinks, parseAsPageTrail } from "@/lib/search-params/page-trail";

describe("pageLinks", () => {
  it("offers only Older on the first page", () => {
    expect(pageLinks(null, null, "c2")).toEqual({ first: null, newer: null, older: { cursor: "c2", prev: null }, page: 1, trimmed: false });
  });
  it("walks Older with a trail and Newer back along it", () => {
    const p2 = pageLinks("c2", null, "c3");
    expect(p2).toMatchObject({ page: 2, newer: { cursor: null, prev: null }, older: { cursor: "c3", prev: ["c2"] }, first: { cursor: null, prev: null } });
    const p3 = pageLinks("c3", ["c2"], "c4");
    expect(p3).toMatchObject({ page: 3, newer: { cursor: "c2", prev: null }, older: { cursor: "c4", prev: ["c2", "c3"] } });
    const p4 = pageLinks("c4", ["c2", "c3"], null);
    expect(p4).toMatchObject({ page: 4, newer: { cursor: "c3", prev: ["c2"] }, older: null });
  });
  it("ignores a trail on the first page", () => {
    expect(pageLinks(null, ["x"], null).page).toBe(1);
  });
  it("keeps at most MAX_TRAIL steps", () => {
    const trail = Array.from({ length: MAX_TRAIL }, (_, i) => `c${i}`);
    const links = pageLinks("last", trail, "next");
    expect(links.older!.prev).toHaveLength(MAX_TRAIL);
    expect(links.trimmed).toBe(true);
  });
});

describe("parseAsPageTrail", () => {
  it("reads cursors joined by dots and refuses anything else", () => {
    expect(parseAsPageTrail.parse("abc.d-e_f")).toEqual(["abc", "d-e_f"]);
    expect(parseAsPageTrail.parse("a b")).toBeNull();
    expect(parseAsPageTrail.serialize(["a", "b"])).toBe("a.b");
  });
});
