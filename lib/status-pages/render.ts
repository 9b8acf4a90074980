import { STATUS_CSS as CSS } from "./style";
import type { ComponentState, DayState, PublicIncident, PublicSnapshot } from "./snapshot";

// The public page as one HTML document, rendered from the snapshot without React or client
// JavaScript: no script at all, one nonce'd <style>, light and dark by prefers-color-scheme,
// a single column that reads at 390 px. Every text from the database is escaped.

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STATE_TEXT: Record<ComponentState, string> = { operational: "Operational", degraded: "Degraded performance", partial_outage: "Partial outage", major_outage: "Major outage", unknown: "No data yet" };
const DAY_TEXT: Record<DayState, string> = { up: "operational", degraded: "degraded", down: "outage", unknown: "no data" };
const STATUS_TEXT: Record<string, string> = { investigating: "Investigating", identified: "Identified", monitoring: "Monitoring", resolved: "Resolved", scheduled: "Scheduled", in_progress: "In progress", completed: "Completed" };


const time = (iso: string) => `<time datetime="${iso}">${escapeHtml(new Date(iso).toISOString().replace("T", " ").slice(0, 16))} UTC</time>`;
const pct = (x: number | null) => (x === null ? "no data" : `${(x * 100).toFixed(x === 1 ? 0 : 2)} % uptime`);

function incidentCard(i: PublicIncident): string {
  const window = i.kind === "maintenance" && i.startsAt && i.endsAt ? `<p class="muted">${time(i.startsAt)} – ${time(i.endsAt)}</p>` : "";
  const updates = i.updates.map((u) => `<li><span class="tag">${escapeHtml(STATUS_TEXT[u.status] ?? u.status)}</span> — ${escapeHtml(u.message)}<br><span class="muted">${time(u.at)}</span></li>`).join("");
  return `<article class="card" id="${escapeHtml(i.key)}"><div class="row"><h3>${escapeHtml(i.title)}</h3><span class="muted">${escapeHtml(STATUS_TEXT[i.status] ?? i.status)}</span></div>${window}<ol class="updates">${updates}</ol></article>`;
}

export function renderStatusPage(s: PublicSnapshot, nonce: string, notice: string | null = null): string {
  const base = `/status/${s.slug}`;
  const groups = s.groups
    .map((g) => {
      const comps = g.components
        .map((c) => {
          const bar = c.days.map((d) => `<span class="d-${d.state}" title="${d.date}: ${DAY_TEXT[d.state]}${d.uptime === null ? "" : ` (${(d.uptime * 100).toFixed(2)} %)`}"></span>`).join("");
          return `<div class="card" data-component="${escapeHtml(c.key)}"><div class="row"><h3>${escapeHtml(c.name)}</h3><span class="s-${c.state}">${STATE_TEXT[c.state]}</span></div><div class="bar" role="img" aria-label="${escapeHtml(c.name)}: last ${c.days.length} days, ${pct(c.uptime90)}; days without data are shown as unknown">${bar}</div><div class="legend muted"><span>${c.days.length} days ago</span><span>${pct(c.uptime90)}</span><span>Today</span></div></div>`;
        })
        .join("");
      return g.name ? `<section aria-labelledby="g-${escapeHtml(g.components[0]!.key)}"><h2 id="g-${escapeHtml(g.components[0]!.key)}">${escapeHtml(g.name)}</h2>${comps}</section>` : comps;
    })
    .join("");
  const section = (title: string, id: string, items: PublicIncident[], empty: string | null) =>
    items.length || empty ? `<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${items.length ? items.map(incidentCard).join("") : `<p class="muted">${empty}</p>`}</section>` : "";
  const subscribe = s.subscriptions
    ? `<section aria-labelledby="subscribe"><h2 id="subscribe">Get updates</h2><form method="post" action="${base}/subscribe"><label>Email address<input type="email" name="email" required maxlength="254" autocomplete="email"></label><button type="submit">Subscribe</button></form><p class="muted">We send a confirmation link first. Or follow the <a href="${base}/feed.atom">Atom feed</a>.</p></section>`
    : `<p class="muted">Follow the <a href="${base}/feed.atom">Atom feed</a>.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(s.title)} status</title>${s.description ? `<meta name="description" content="${escapeHtml(s.description)}">` : ""}<link rel="alternate" type="application/atom+xml" title="${escapeHtml(s.title)} status" href="${base}/feed.atom"><style nonce="${nonce}">${CSS}</style></head><body><main>
<header>${s.logoUrl ? `<img src="${escapeHtml(s.logoUrl)}" alt="">` : ""}<h1>${escapeHtml(s.title)}</h1></header>
${s.description ? `<p class="muted">${escapeHtml(s.description)}</p>` : ""}
${notice ? `<p class="card" role="status">${escapeHtml(notice)}</p>` : ""}
<p class="verdict v-${s.verdict}" data-verdict="${s.verdict}">${escapeHtml(s.verdictText)}</p>
${section("Active incidents", "active", s.active, null)}
${section("Maintenance", "maintenance", s.maintenance, null)}
<section aria-labelledby="components"><h2 id="components">Components</h2>${groups || '<p class="muted">No components yet.</p>'}</section>
${section("Past incidents", "past", s.past, "No incidents in the last 14 days.")}
${subscribe}
<footer class="muted">${s.footer ? `<p>${escapeHtml(s.footer)}</p>` : ""}<p>Updated ${time(s.generatedAt)} · <a href="${base}/summary.json">JSON</a> · <a href="${base}/badge.svg">Badge</a></p></footer>
</main></body></html>`;
}

/** A small page for the subscription flow's answers (confirmed, unsubscribed, check your mail). */
export function renderNotice(title: string, text: string, nonce: string, back: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${CSS}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${back ? `<p><a href="${escapeHtml(back)}">Back to the status page</a></p>` : ""}</main></body></html>`;
}
