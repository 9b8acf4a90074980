import type { ParserMap, SearchParams } from "nuqs/server";

// Pages fall back to defaults on a bad URL value (a shared link still opens), but say so:
// each value a page's parsers refused is named in a notice above the page (UrlNotice).

export type IgnoredParam = { key: string; value: string; reason?: string };

/** The URL values `parsers` refuse: present, not empty, and parsed to null. */
export function ignoredParams(raw: SearchParams, parsers: ParserMap): IgnoredParam[] {
  const ignored: IgnoredParam[] = [];
  for (const [key, parser] of Object.entries(parsers)) {
    const given = raw[key];
    const value = Array.isArray(given) ? given[0] : given;
    if (typeof value !== "string" || value.trim() === "") continue;
    let parsed: unknown;
    try {
      // A map's parsers take a string (or, for array parsers, strings); one value is enough to judge.
      parsed = (parser.parse as (value: string) => unknown)(value);
    } catch {
      parsed = null;
    }
    if (parsed === null) ignored.push({ key, value });
  }
  return ignored;
}

/** "range=bogus" — the value cut short, so a long paste does not fill the notice. */
export function describeIgnored(p: IgnoredParam): string {
  const value = p.value.length > 40 ? `${p.value.slice(0, 40)}…` : p.value;
  return p.reason ? `${p.key}=${value} (${p.reason})` : `${p.key}=${value}`;
}
