import net from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as statusPagesRoute from "@/app/api/v1/status-pages/route";
import * as statusPageRoute from "@/app/api/v1/status-pages/[id]/route";
import * as updatesRoute from "@/app/api/v1/status-pages/[id]/updates/route";
import * as publicPage from "@/app/status/[slug]/route";
import * as summaryRoute from "@/app/status/[slug]/summary.json/route";
import * as badgeRoute from "@/app/status/[slug]/badge.svg/route";
import * as feedRoute from "@/app/status/[slug]/feed.atom/route";
import * as subscribeRoute from "@/app/status/[slug]/subscribe/route";
import * as confirmRoute from "@/app/status/[slug]/subscribe/confirm/route";
import * as unsubscribeRoute from "@/app/status/[slug]/unsubscribe/route";
import { createChannel } from "@/lib/channels/store";
import { getDb } from "@/lib/db/client";
import { deliveries, monitors, statusPageComponents, statusPageIncidents, statusPages, statusPageSubscribers } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { createMonitor } from "@/lib/monitors/mutations";
import { previewStatusPage } from "@/lib/status-pages/snapshot";
import { runDueProbes } from "@/lib/monitors/run-probes";
import { dispatchDue } from "@/lib/notifications/dispatch";
import { unsubscribeToken as unsubscribeLinkToken } from "@/lib/status-pages/tokens";
import { announceMaintenance } from "@/lib/status-pages/updates";
import { auditEventsFor, call, expectAuditChainIntact, expectValidationProblem, makeKey, unique } from "./support/api";
import { serveHttp, type LoopbackHttp } from "./support/loopback";
import { userAccess } from "./support/users";

// Status pages end to end through the route handlers: an admin's key creates a page over
// real monitors (a loopback target that is up, a closed port that is down), an operator's key
// posts an update, and an anonymous reader gets the page, the JSON, the badges and the feed —
// with nothing private in them. Subscriptions go through a real SMTP server on loopback.

let target: LoopbackHttp;
const SECRET_PATH = "/internal/secret-health-7f3a";
beforeAll(async () => {
  target = await serveHttp((_req, res) => res.writeHead(200).end("ok"));
});
afterAll(() => target.close());

const anon = (handler: Parameters<typeof call>[0], slug: string, suffix = "", headers: Record<string, string> = {}) => call(handler, "GET", `/status/${slug}${suffix}`, { params: { slug }, headers });

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function pageWithOutage() {
  const admin = await userAccess("admin");
  const up = await createMonitor(admin, { name: unique("internal-api-primary"), url: `${target.base}${SECRET_PATH}` });
  const port = await closedPort();
  const down = await createMonitor(admin, { type: "tcp", name: unique("internal-db-replica"), host: "127.0.0.1", port, timeoutMs: 500 });
  await runDueProbes({ only: await getDb().select().from(monitors).where(eq(monitors.id, up.id)) });
  await runDueProbes({ only: await getDb().select().from(monitors).where(eq(monitors.id, down.id)) });
  const key = await makeKey();
  const slug = unique("acme");
  const res = await call(statusPagesRoute.POST, "POST", "/api/v1/status-pages", {
    key: key.key,
    body: { slug, title: "Acme status", description: "Live status of Acme", components: [{ displayName: "Public API", groupName: "Core", monitorIds: [up.id] }, { displayName: "Search", groupName: "Core", monitorIds: [down.id] }] },
  });
  expect(res.status, res.text).toBe(201);
  return { slug, page: res.json, up, down, port, key, admin };
}

describe("status page administration (API)", () => {
  it("creates, lists, changes and deletes pages, audited; bad input is 400 naming the field and saves nothing", async () => {
    const key = await makeKey();
    const bad = await call(statusPagesRoute.POST, "POST", "/api/v1/status-pages", { key: key.key, body: { slug: "Not A Slug", title: "x" } });
    expectValidationProblem(bad, "body.slug");
    const missing = await call(statusPagesRoute.POST, "POST", "/api/v1/status-pages", { key: key.key, body: { slug: unique("sp"), title: "x", components: [{ displayName: "A", monitorIds: ["6a1f7e2c-0000-4000-8000-000000000000"] }] } });
    expectValidationProblem(missing, "components.0.monitorIds.0");
    expect(await getDb().select().from(statusPages).where(eq(statusPages.title, "x"))).toHaveLength(0);

    const { page, slug } = await pageWithOutage();
    expect(page.components).toHaveLength(2);
    const listed = await call(statusPagesRoute.GET, "GET", "/api/v1/status-pages", { key: key.key });
    expect(listed.json.data.map((p: { slug: string }) => p.slug)).toContain(slug);
    const dup = await call(statusPagesRoute.POST, "POST", "/api/v1/status-pages", { key: key.key, body: { slug, title: "again" } });
    expect(dup.status).toBe(409);
    const patched = await call(statusPageRoute.PATCH, "PATCH", `/api/v1/status-pages/${page.id}`, { key: key.key, params: { id: page.id }, body: { title: "Acme, Inc. status" } });
    expect(patched.json.title).toBe("Acme, Inc. status");
    const deleted = await call(statusPageRoute.DELETE, "DELETE", `/api/v1/status-pages/${page.id}`, { key: key.key, params: { id: page.id } });
    expect(deleted.status).toBe(200);
    expect((await anon(publicPage.GET, slug)).status).toBe(404);
    for (const action of ["status_page.create", "status_page.update", "status_page.delete"]) expect(await auditEventsFor(action, page.id), action).toHaveLength(1);
    await expectAuditChainIntact();
  });

  it("lets an operator's key with status:write post updates but not create pages", async () => {
    const { page } = await pageWithOutage();
    const opKey = await makeKey({ scopes: ["status:write"] });
    const posted = await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: opKey.key, params: { id: page.id }, body: { title: "Search is slow", impact: "minor", status: "investigating", message: "We are looking into it." } });
    expect(posted.status, posted.text).toBe(201);
    const moved = await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: opKey.key, params: { id: page.id }, body: { statusIncidentId: posted.json.statusIncidentId, status: "scheduled", message: "wrong kind" } });
    expectValidationProblem(moved, "status");
    const noScope = await makeKey({ scopes: ["monitors:read"] });
    const refused = await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: noScope.key, params: { id: page.id }, body: { title: "x", status: "investigating", message: "y" } });
    expect(refused.status).toBe(403);
    expect(await auditEventsFor("status_page.post_update", page.id)).toHaveLength(1);
  });
});

describe("the public page", () => {
  it("answers anonymously with the verdict, components and a posted update, and nothing private; strict CSP, no cookie", async () => {
    const { slug, page, up, down, port, key } = await pageWithOutage();
    const posted = await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: key.key, params: { id: page.id }, body: { title: "Search unavailable", impact: "minor", status: "identified", message: "A search node is down; failing over." } });
    expect(posted.status).toBe(201);

    const html = await anon(publicPage.GET, slug);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.text).toContain("Partial outage");
    expect(html.text).toContain("Public API");
    expect(html.text).toContain("Search");
    expect(html.text).toContain("Search unavailable");
    expect(html.text).toContain("A search node is down; failing over.");
    expect(html.headers.get("set-cookie")).toBeNull();
    const csp = html.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    for (const tag of html.text.match(/<(script|style)\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html.headers.get("cache-control")).toMatch(/public.*s-maxage=\d+.*stale-while-revalidate=\d+/);

    const summary = await anon(summaryRoute.GET, slug, "/summary.json");
    expect(summary.json.status.verdict).toBe("partial_outage");
    expect(summary.json.components.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ["Public API", "operational"],
      ["Search", "major_outage"],
    ]);
    const [incident] = await getDb().select().from(statusPageIncidents).where(eq(statusPageIncidents.pageId, page.id));
    const [component] = await getDb().select().from(statusPageComponents).where(eq(statusPageComponents.pageId, page.id));
    const downRow = (await getDb().select().from(monitors).where(eq(monitors.id, down.id)))[0]!;
    const secrets = [up.name, down.name, up.id, down.id, page.id, component!.id, incident!.id, SECRET_PATH, target.base, "127.0.0.1", String(port), "ECONNREFUSED", downRow.statusSince.toISOString()];
    const badge = await anon(badgeRoute.GET, slug, "/badge.svg");
    const feed = await anon(feedRoute.GET, slug, "/feed.atom");
    for (const [what, body] of [["html", html.text], ["json", summary.text], ["badge", badge.text], ["feed", feed.text]] as const) {
      for (const secret of secrets) expect(body.includes(secret), `${what} leaks ${secret}`).toBe(false);
      expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    }
  });

  it("serves badges (per component too), an Atom feed with updated per entry, and 304 on a matching ETag", async () => {
    const { slug, page, key } = await pageWithOutage();
    await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: key.key, params: { id: page.id }, body: { title: "Search <degraded> & slow", status: "investigating", message: "Looking & checking" } });
    const badge = await anon(badgeRoute.GET, slug, "/badge.svg");
    expect(badge.headers.get("content-type")).toContain("image/svg+xml");
    expect(badge.text).toContain("partial outage");
    const one = await call(badgeRoute.GET, "GET", `/status/${slug}/badge.svg?component=public-api`, { params: { slug } });
    expect(one.text).toContain("Public API");
    expect(one.text).toContain("operational");
    expect((await call(badgeRoute.GET, "GET", `/status/${slug}/badge.svg?component=nope`, { params: { slug } })).status).toBe(404);

    const feed = await anon(feedRoute.GET, slug, "/feed.atom");
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    expect(feed.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const entries = feed.text.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
    expect(entries).toHaveLength(1);
    for (const e of entries) expect(e).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
    expect(feed.text).toContain("Search &lt;degraded&gt; &amp; slow");
    expect(feed.text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);

    const first = await anon(publicPage.GET, slug);
    const again = await anon(publicPage.GET, slug, "", { "if-none-match": first.headers.get("etag")! });
    expect(again.status).toBe(304);
  });

  it("is 404 for an unknown slug and for a page an admin unpublished; 429 past the per-address limit", async () => {
    expect((await anon(publicPage.GET, "no-such-page")).status).toBe(404);
    const { slug, page, key } = await pageWithOutage();
    expect((await anon(publicPage.GET, slug)).status).toBe(200);
    await call(statusPageRoute.PATCH, "PATCH", `/api/v1/status-pages/${page.id}`, { key: key.key, params: { id: page.id }, body: { published: false } });
    expect((await anon(publicPage.GET, slug)).status).toBe(404);
    expect((await anon(summaryRoute.GET, slug, "/summary.json")).status).toBe(404);
    // The console's preview still shows it to operators, not to viewers.
    expect((await previewStatusPage(await userAccess("operator"), page.id)).title).toBe("Acme status");
    await expect(previewStatusPage(await userAccess("viewer"), page.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("answers 429 with Retry-After past the per-address limit, while other addresses are still served", async () => {
    const { slug } = await pageWithOutage();
    const from = (ip: string) => anon(publicPage.GET, slug, "", { "x-forwarded-for": ip });
    const statuses: number[] = [];
    for (let i = 0; i < 601; i++) statuses.push((await from("198.51.100.7")).status);
    expect(statuses.slice(0, 600).every((s) => s === 200)).toBe(true);
    expect(statuses[600]).toBe(429);
    const limited = await from("198.51.100.7");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await from("198.51.100.8")).status).toBe(200);
  });

  it("shows days without checks as unknown, not up", async () => {
    const { slug } = await pageWithOutage();
    const summary = await anon(publicPage.GET, slug);
    expect(summary.text.match(/class="d-unknown"/g)!.length).toBeGreaterThanOrEqual(2 * 89);
    expect(summary.text.match(/class="d-up"/g)).toHaveLength(1);
  });
});

describe("email subscriptions (double opt-in, one-click unsubscribe)", () => {
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: { to: string; raw: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, done) {
        let raw = "";
        stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpPort = (smtp.server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  // Quoted-printable soft breaks and folded header lines undone.
  const unfold = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=").replace(/\r?\n[ \t]+/g, " ");

  it("confirms first, sends nothing before, sends updates with a working unsubscribe link after, and nothing after unsubscribing", async () => {
    const { slug, page, key, admin } = await pageWithOutage();
    const channel = await createChannel(admin, { kind: "email", name: unique("mail"), host: "127.0.0.1", port: smtpPort, from: "status@example.com", to: ["ops@example.com"] });
    await call(statusPageRoute.PATCH, "PATCH", `/api/v1/status-pages/${page.id}`, { key: key.key, params: { id: page.id }, body: { emailChannelId: channel.id } });
    const reader = `${unique("reader")}@example.org`;
    const post = (body: Record<string, unknown>) => call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, { key: key.key, params: { id: page.id }, body });

    const signup = await call(subscribeRoute.POST, "POST", `/status/${slug}/subscribe`, { params: { slug }, rawBody: `email=${encodeURIComponent(reader)}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(signup.status).toBe(202);
    const mine = () => mails.filter((m) => m.to === reader);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.raw).toMatch(/Subject: Confirm your subscription/);
    const [row] = await getDb().select().from(statusPageSubscribers).where(eq(statusPageSubscribers.email, reader));
    const confirmToken = /subscribe\/confirm\?token=([A-Za-z0-9_-]+)/.exec(unfold(mine()[0]!.raw))![1]!;
    expect(JSON.stringify(row)).not.toContain(confirmToken);

    // Not confirmed yet: an update reaches nobody.
    const before = await post({ title: "Search down", status: "investigating", message: "Investigating search." });
    expect(before.json.notified).toBe(0);
    expect(mine()).toHaveLength(1);

    const confirmed = await call(confirmRoute.GET, "GET", `/status/${slug}/subscribe/confirm?token=${confirmToken}`, { params: { slug } });
    expect(confirmed.status).toBe(200);
    expect((await call(confirmRoute.GET, "GET", `/status/${slug}/subscribe/confirm?token=${confirmToken}`, { params: { slug } })).status).toBe(404);

    const after = await post({ statusIncidentId: before.json.statusIncidentId, status: "identified", message: "A node failed; replacing it." });
    expect(after.json.notified).toBe(1);
    // Queued with the update (the outbox), sent by the delivery job.
    expect(mine()).toHaveLength(1);
    const queued = await getDb().select().from(deliveries).where(eq(deliveries.event, "subscriber"));
    expect(queued.map((d) => d.status)).toEqual(["pending"]);
    expect((await dispatchDue()).delivered).toBe(1);
    expect(mine()).toHaveLength(2);
    const update = unfold(mine()[1]!.raw);
    expect(update).toContain("A node failed; replacing it.");
    expect(update).toMatch(/List-Unsubscribe: <http[^>]+\/status\/[^>]+\/unsubscribe\?token=[A-Za-z0-9_-]+>/);
    expect(update).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const unsubscribeToken = /unsubscribe\?token=([A-Za-z0-9_-]+)/.exec(update)![1]!;
    const [stored] = await getDb().select().from(statusPageSubscribers).where(eq(statusPageSubscribers.email, reader));
    expect(JSON.stringify(stored)).not.toContain(unsubscribeToken);
    expect(JSON.stringify(await getDb().select().from(deliveries))).not.toContain(unsubscribeToken);

    const gone = await call(unsubscribeRoute.POST, "POST", `/status/${slug}/unsubscribe?token=${unsubscribeToken}`, { params: { slug }, rawBody: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(gone.status).toBe(200);
    const last = await post({ statusIncidentId: before.json.statusIncidentId, status: "resolved", message: "Resolved." });
    expect(last.json.notified).toBe(0);
    await dispatchDue();
    expect(mine()).toHaveLength(2);
    for (const action of ["status_page.subscribe", "status_page.confirm_subscription", "status_page.unsubscribe"]) expect(await auditEventsFor(action, page.id), action).toHaveLength(1);
    expect(JSON.stringify(await auditEventsFor("status_page.subscribe", page.id))).not.toContain(reader);
  });

  async function confirmedReader(slug: string): Promise<string> {
    const reader = `${unique("reader")}@example.org`;
    const signup = await call(subscribeRoute.POST, "POST", `/status/${slug}/subscribe`, { params: { slug }, rawBody: `email=${encodeURIComponent(reader)}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(signup.status).toBe(202);
    const confirmation = mails.filter((m) => m.to === reader).at(-1)!;
    const token = /subscribe\/confirm\?token=([A-Za-z0-9_-]+)/.exec(unfold(confirmation.raw))![1]!;
    expect((await call(confirmRoute.GET, "GET", `/status/${slug}/subscribe/confirm?token=${token}`, { params: { slug } })).status).toBe(200);
    return reader;
  }

  it("announces a maintenance window's start and end once each, through the outbox; a reader who unsubscribed after an update was queued gets nothing", async () => {
    const { slug, page, key, admin } = await pageWithOutage();
    const channel = await createChannel(admin, { kind: "email", name: unique("mail"), host: "127.0.0.1", port: smtpPort, from: "status@example.com", to: ["ops@example.com"] });
    await call(statusPageRoute.PATCH, "PATCH", `/api/v1/status-pages/${page.id}`, { key: key.key, params: { id: page.id }, body: { emailChannelId: channel.id } });
    const stays = await confirmedReader(slug);
    const leaves = await confirmedReader(slug);
    const received = (who: string) => mails.filter((m) => m.to === who).map((m) => unfold(m.raw));

    const startsAt = new Date(Date.now() + 3_600_000);
    const endsAt = new Date(startsAt.getTime() + 1_800_000);
    const scheduled = await call(updatesRoute.POST, "POST", `/api/v1/status-pages/${page.id}/updates`, {
      key: key.key,
      params: { id: page.id },
      body: { kind: "maintenance", title: "Database upgrade", status: "scheduled", message: "PostgreSQL 16.", startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.json.notified).toBe(2);

    // One reader leaves while the announcement is still queued: their mail is dropped, not sent.
    const [leaver] = await getDb().select().from(statusPageSubscribers).where(eq(statusPageSubscribers.email, leaves));
    const token = unsubscribeLinkToken(leaver!.id).token;
    expect((await call(unsubscribeRoute.POST, "POST", `/status/${slug}/unsubscribe?token=${token}`, { params: { slug }, rawBody: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(200);
    await dispatchDue();
    expect(received(stays).filter((m) => m.includes("Database upgrade"))).toHaveLength(1);
    expect(received(leaves).filter((m) => m.includes("Database upgrade"))).toHaveLength(0);
    const dropped = await getDb().select().from(deliveries).where(eq(deliveries.status, "dead"));
    expect(dropped.map((d) => d.lastError)).toContain("the subscriber unsubscribed");

    // Nothing before the window; its start once (two passes, as two instances would run), then its end once.
    expect(await announceMaintenance(new Date(startsAt.getTime() - 60_000))).toBe(0);
    expect(await announceMaintenance(new Date(startsAt.getTime() + 1_000))).toBe(1);
    expect(await announceMaintenance(new Date(startsAt.getTime() + 2_000))).toBe(0);
    await dispatchDue();
    expect(received(stays).filter((m) => m.includes("Maintenance started: Database upgrade"))).toHaveLength(1);
    expect(await announceMaintenance(new Date(endsAt.getTime() + 1_000))).toBe(1);
    expect(await announceMaintenance(new Date(endsAt.getTime() + 2_000))).toBe(0);
    await dispatchDue();
    const ended = received(stays).filter((m) => m.includes("Maintenance ended: Database upgrade"));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatch(/List-Unsubscribe: <http[^>]+\/unsubscribe\?token=/);
    expect(received(leaves).filter((m) => m.includes("Maintenance"))).toHaveLength(0);
  });

  it("refuses sign-ups on a page that takes no email subscriptions (404)", async () => {
    const { slug } = await pageWithOutage();
    const res = await call(subscribeRoute.POST, "POST", `/status/${slug}/subscribe`, { params: { slug }, body: { email: "a@example.org" } });
    expect(res.status).toBe(404);
  });
});
