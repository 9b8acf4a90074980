import { expect, test } from "@playwright/test";
import { signIn, watchCspViolations } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { expectNoAxeViolations } from "./support/axe";

// A public status page end to end: an admin creates it with two components over the demo's
// monitors, an operator posts an incident update from the console, and an anonymous browser
// (no cookies) reads it — axe clean at 1440 and 390 px, with no CSP violation.

test("admin creates a status page, an operator posts an update, an anonymous reader sees it", async ({ browser }) => {
  const slug = `e2e-${Date.now().toString(36)}`;
  const title = `E2E status ${slug}`;

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminCsp = watchCspViolations(admin);
  await signIn(admin, "admin", "/admin/status-pages");
  await admin.goto("/admin/status-pages");
  await expect(admin.getByRole("heading", { level: 1, name: "Status pages" })).toBeVisible();
  const form = admin.locator("form").first();
  await form.getByLabel("Slug (the URL: /status/slug)").fill(slug);
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Display name 1").fill("Web console");
  await form.getByLabel("Group 1 (optional)").fill("Console");
  await form.getByLabel("Monitors 1").selectOption({ label: "Console liveness (http)" });
  await form.getByRole("button", { name: "Add a component" }).click();
  await form.getByLabel("Display name 2").fill("Mail relay");
  await form.getByLabel("Monitors 2").selectOption({ label: "Legacy mail relay (tcp)" });
  await form.getByRole("button", { name: "Create page" }).click();
  await expect(admin.getByText(`Status page ${title} created`)).toBeVisible();
  const card = admin.getByTestId("status-page").filter({ hasText: title });
  await expect(card.getByText("Web console", { exact: true })).toBeVisible();
  await expectNoAxeViolations(admin, "/status-pages");
  expect(adminCsp).toEqual([]);
  await adminContext.close();

  const operatorContext = await browser.newContext({ timezoneId: "America/New_York" });
  const operator = await operatorContext.newPage();
  await signIn(operator, "operator", "/admin/status-pages");
  await operator.goto("/admin/status-pages");
  const opCard = operator.getByTestId("status-page").filter({ hasText: title });
  await opCard.getByText("Post an update").click();
  await opCard.getByLabel("Title").fill("Mail delivery delayed");
  await opCard.getByLabel("Message readers see").fill("The mail relay is unreachable; messages are queued.");
  await opCard.getByRole("button", { name: "Post update" }).click();
  await expect(operator.getByText("Update posted")).toBeVisible();
  // A maintenance window is typed in UTC, as the console shows times, whatever the browser's zone.
  await opCard.getByLabel("About").selectOption("new-maintenance");
  await opCard.getByLabel("Title").fill("Database upgrade");
  await opCard.getByLabel("Starts (UTC)").fill("2031-05-01 02:00");
  await opCard.getByLabel("Ends (UTC)").fill("2031-05-01 04:30");
  await opCard.getByLabel("Message readers see").fill("Writes pause for up to ten minutes.");
  await opCard.getByRole("button", { name: "Post update" }).click();
  await expect(operator.getByText("Update posted").last()).toBeVisible();
  const scheduled = await withE2eDatabase(
    async (db) => (await db.query("SELECT starts_at, ends_at FROM status_page_incidents i JOIN status_pages p ON p.id = i.page_id WHERE p.slug = $1 AND i.kind = 'maintenance'", [slug])).rows,
  );
  expect(scheduled.map((w) => [w.starts_at.toISOString(), w.ends_at.toISOString()])).toEqual([["2031-05-01T02:00:00.000Z", "2031-05-01T04:30:00.000Z"]]);
  await operatorContext.close();

  const audited = await withE2eDatabase(async (db) => (await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'status_page.post_update' AND target_label = $1", [slug])).rows[0].n);
  expect(audited).toBe(2);

  const anonymousContext = await browser.newContext();
  const reader = await anonymousContext.newPage();
  const csp = watchCspViolations(reader);
  for (const width of [1440, 390]) {
    await reader.setViewportSize({ width, height: 900 });
    const res = await reader.goto(`/status/${slug}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["set-cookie"]).toBeUndefined();
    await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(reader.getByText("Mail delivery delayed")).toBeVisible();
    await expect(reader.getByText("The mail relay is unreachable; messages are queued.")).toBeVisible();
    await expect(reader.getByRole("heading", { name: "Web console" })).toBeVisible();
    await expect(reader.getByRole("heading", { name: "Mail relay" })).toBeVisible();
    // What the built server sends (proxy.ts runs before the route): the page's own strict policy,
    // no script allowed, the one <style> allowed by nonce and by hash (a 304 revalidation brings
    // a new nonce for the cached body) — and the stylesheet really applied.
    const policy = res!.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/^default-src 'none'; style-src 'nonce-[^']+' 'sha256-[^']+'/);
    for (const tag of (await res!.text()).match(/<(script|style)\b[^>]*>/g) ?? []) expect(tag).toMatch(/nonce="[^"]+"/);
    expect(await reader.evaluate(() => getComputedStyle(document.querySelector("main")!).maxWidth)).toBe("864px");
    const html = await reader.content();
    expect(html).not.toContain("Console liveness");
    expect(html).not.toContain("/api/health/live");
    await expectNoAxeViolations(reader, `public status page at ${width} px`);
    // No horizontal scrolling at either width.
    expect(await reader.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  expect(csp).toEqual([]);
  expect(await anonymousContext.cookies()).toEqual([]);

  // The badge is for READMEs on other sites: embeddable cross-origin, and an SVG that runs nothing.
  const badge = await reader.request.get(`/status/${slug}/badge.svg`);
  expect(badge.status()).toBe(200);
  expect(badge.headers()["content-type"]).toContain("image/svg+xml");
  expect(badge.headers()["cross-origin-resource-policy"]).toBe("cross-origin");
  expect(badge.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
  expect(badge.headers()["set-cookie"]).toBeUndefined();

  // The demo's page: the closed port is a real partial outage once the probe job has run.
  await expect(async () => {
    const summary = await (await reader.request.get("/status/demo/summary.json")).json();
    expect(summary.status.verdict).toBe("partial_outage");
    expect(summary.components.find((c: { name: string }) => c.name === "Mail relay").status).toBe("major_outage");
    expect(summary.components.find((c: { name: string }) => c.name === "Web console").status).toBe("operational");
  }).toPass({ timeout: 30_000 });
  await anonymousContext.close();
});
