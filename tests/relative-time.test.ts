import { describe, expect, it } from "vitest";
import { formatExact, formatRelative } from "@/lib/ui/relative-time";

const now = Date.parse("2026-12-01T19:19:07Z");
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe("formatRelative", () => {
  it("reads 'just now' under ten seconds either way", () => {
    expect(formatRelative(ago(0), now)).toBe("just now");
    expect(formatRelative(ago(9), now)).toBe("just now");
    expect(formatRelative(ago(-9), now)).toBe("just now");
  });
  it("takes the largest unit that fits and floors it", () => {
    expect(formatRelative(ago(42), now)).toBe("42 s ago");
    expect(formatRelative(ago(179), now)).toBe("2 min ago");
    expect(formatRelative(ago(3 * 3600 + 59 * 60), now)).toBe("3 h ago");
    expect(formatRelative(ago(2 * 86_400), now)).toBe("2 d ago");
    expect(formatRelative(ago(65 * 86_400), now)).toBe("2 mo ago");
    expect(formatRelative(ago(800 * 86_400), now)).toBe("2 y ago");
  });
  it("says 'in …' for a time still to come", () => {
    expect(formatRelative(ago(-300), now)).toBe("in 5 min");
  });
});

describe("formatExact", () => {
  it("writes UTC to the second", () => {
    expect(formatExact("2026-12-01T19:19:07.123Z", "utc")).toBe("01 Dec 2026, 19:19:07 UTC");
  });
  it("writes a local time with its zone's name", () => {
    expect(formatExact("2026-12-01T19:19:07Z", "local", "Asia/Tokyo")).toBe("02 Dec 2026, 04:19:07 GMT+9");
  });
});
