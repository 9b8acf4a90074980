// Maps a request path to its App Router route template ("/projects/acme/runs/42" →
// "/projects/[slug]/runs/[id]"), so labels never carry ids. Templates come from the build's
// route manifest; a path nothing matches becomes "(unmatched)" (404s must not mint series).

type Matcher = { template: string; regex: RegExp; score: number };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "/(console)/projects/[slug]/page" → "/projects/[slug]"; null for non-routes (e.g. "/_not-found/page"). */
export function normalizeAppPath(entry: string): string | null {
  const parts = entry.split("/").filter((p) => p && !(p.startsWith("(") && p.endsWith(")")) && !p.startsWith("@"));
  const last = parts.at(-1);
  if (last === "page" || last === "route") parts.pop();
  const template = `/${parts.join("/")}`;
  return template.startsWith("/_") ? null : template;
}

function compile(template: string): Matcher {
  let score = 0;
  const body = template
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      if (/^\[\[\.\.\.[^\]]+\]\]$/.test(segment)) return "(?:/.*)?";
      if (/^\[\.\.\.[^\]]+\]$/.test(segment)) return "/.+";
      if (/^\[[^\]]+\]$/.test(segment)) {
        score += 1;
        return "/[^/]+";
      }
      score += 100; // static segments win over dynamic ones, as in Next's own matching
      return `/${escape(segment)}`;
    })
    .join("");
  return { template, regex: new RegExp(`^${body || "/"}/?$`), score };
}

export class RouteTemplates {
  private readonly matchers: Matcher[];

  constructor(templates: Iterable<string>) {
    this.matchers = [...new Set(templates)].map(compile).sort((a, b) => b.score - a.score || b.template.length - a.template.length);
  }

  match(pathname: string): string {
    if (pathname.startsWith("/_next/")) return "/_next";
    for (const m of this.matchers) if (m.regex.test(pathname)) return m.template;
    return "(unmatched)";
  }
}
