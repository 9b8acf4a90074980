import { escapeHtml } from "./render";
import type { PublicSnapshot } from "./snapshot";

// The embeds: a shields-style SVG badge (the page's verdict, or one component's state), the
// Atom feed of incidents and maintenance (one entry per update, each with its own `updated`),
// and the JSON summary. All from the same public snapshot.

const COLORS: Record<string, string> = { operational: "#15803d", degraded: "#a16207", partial_outage: "#c2410c", major_outage: "#b91c1c", maintenance: "#1d4ed8", unknown: "#6b7280" };
const TEXT: Record<string, string> = { operational: "operational", degraded: "degraded", partial_outage: "partial outage", major_outage: "major outage", maintenance: "maintenance", unknown: "unknown" };

/** Width of a text at 11 px Verdana, near enough for a badge. */
const widthOf = (s: string) => Math.round(s.length * 6.6 + 10);

export function renderBadge(label: string, state: string): string {
  const text = TEXT[state] ?? state;
  const lw = widthOf(label);
  const rw = widthOf(text);
  const w = lw + rw;
  const l = escapeHtml(label);
  const t = escapeHtml(text);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${t}"><title>${l}: ${t}</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${rw}" height="20" fill="${COLORS[state] ?? COLORS.unknown}"/><g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="${lw / 2}" y="14">${l}</text><text x="${lw + rw / 2}" y="14">${t}</text></g></svg>`;
}

const xml = (s: string) => escapeHtml(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function renderAtom(s: PublicSnapshot, origin: string): string {
  const base = `${origin}/status/${s.slug}`;
  const incidents = [...s.active, ...s.maintenance, ...s.past];
  const entries = incidents.flatMap((i) =>
    i.updates.map((u, n) => ({
      id: `${base}#${i.key}-${i.updates.length - n}`,
      title: `${i.title}: ${u.status.replace("_", " ")}`,
      updated: u.at,
      link: `${base}#${i.key}`,
      content: u.message,
    })),
  );
  entries.sort((a, b) => b.updated.localeCompare(a.updated));
  const updated = entries[0]?.updated ?? s.generatedAt;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${xml(base)}</id><title>${xml(s.title)} status</title><updated>${updated}</updated><link rel="self" href="${xml(base)}/feed.atom"/><link rel="alternate" href="${xml(base)}"/><author><name>${xml(s.title)}</name></author>
${entries.map((e) => `<entry><id>${xml(e.id)}</id><title>${xml(e.title)}</title><updated>${e.updated}</updated><link rel="alternate" href="${xml(e.link)}"/><content type="text">${xml(e.content)}</content></entry>`).join("\n")}
</feed>`;
}

/** The JSON summary: the snapshot without bars' detail beyond what embeds need. */
export function summaryJson(s: PublicSnapshot): string {
  return JSON.stringify({
    page: { slug: s.slug, title: s.title, url: `/status/${s.slug}` },
    status: { verdict: s.verdict, description: s.verdictText },
    components: s.groups.flatMap((g) => g.components.map((c) => ({ key: c.key, name: c.name, group: g.name || null, status: c.state, uptime90: c.uptime90 }))),
    incidents: s.active.map((i) => ({ title: i.title, impact: i.impact, status: i.status, startedAt: i.startedAt, updates: i.updates })),
    maintenance: s.maintenance.map((i) => ({ title: i.title, status: i.status, startsAt: i.startsAt, endsAt: i.endsAt, updates: i.updates })),
    generatedAt: s.generatedAt,
  });
}
