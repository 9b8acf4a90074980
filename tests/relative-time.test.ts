import { describe, expect, it } from "vitest";
import { formatDateTime, formatMillis, parseUtcDate, utcInputValue, utcStamp } from "@/lib/ui/format";
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

describe("utcStamp (by hand, no Intl)", () => {
  it("reads like the en-GB Intl format it replaces, in UTC, at midnight and across the year", () => {
    const intl = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: "UTC" });
    for (let i = 0; i < 400; i++) {
      const date = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000 * 3.7 + i * 7_919_000);
      // ICU writes September "Sept"; the console writes "Sep", like every other month, in three letters.
      expect(utcStamp(date, true), date.toISOString()).toBe(intl.format(date).replace("Sept", "Sep"));
    }
    expect(utcStamp(new Date("2026-09-03T00:05:07Z"))).toBe("03 Sep 2026, 00:05");
    expect(formatDateTime("2025-11-23T09:15:59Z")).toBe("23 Nov 2025, 09:15 UTC");
  });
});

describe("formatMillis", () => {
  it("never reads 0 ms for a query that took time, and switches to seconds from 1,000 ms", () => {
    expect(formatMillis(0.0041)).toBe("0.0041 ms");
    expect(formatMillis(0.25)).toBe("0.25 ms");
    expect(formatMillis(0)).toBe("0 ms");
    expect(formatMillis(34.72)).toBe("34.7 ms");
    expect(formatMillis(1530)).toBe("1.53 s");
    expect(formatMillis(null)).toBe("—");
  });
});

describe("the UTC time fields' format", () => {
  it("shows a date as it is typed, and reads it back as the same instant", () => {
    const d = new Date("2026-12-01T18:51:00.000Z");
    expect(utcInputValue(d)).toBe("2026-12-01 18:51");
    expect(parseUtcDate(utcInputValue(d))?.getTime()).toBe(d.getTime());
    expect(parseUtcDate("2026-12-01")?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});
