import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type net from "node:net";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { withE2eDatabase } from "./support/db";

// /metrics and /health against the demo data: charts arrive after their dynamic chunks
// load, the range lives in the URL, and an admin-registered monitor shows up on /health.

test.describe("metrics and health pages", () => {
  test("/metrics renders the demo history with charts, and the range changes through the URL", async ({ page }) => {
    await signIn(page, "operator", "/metrics");
    await page.goto("/metrics?range=24h");
    await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
    await expect(page.getByRole("link", { name: "24h" })).toHaveAttribute("aria-current", "page");
    // Four charts, plain SVG rendered with the page.
    await expect(page.getByTestId("chart")).toHaveCount(4);
    await expect(page.locator("[data-chart-surface]").first()).toBeVisible();
    await expect(page.getByRole("cell", { name: "/api/v1/runs/[id]/logs" }).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Runs per project" })).toBeVisible();

    await page.goto("/metrics?range=7d&sort=p95&dir=desc");
    await expect(page.getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("columnheader", { name: "p95 ↓" })).toHaveAttribute("aria-sort", "descending");
    // Sorted by p95, slowest first (values like "312 ms" or "1.20 s").
    const ms = (t: string) => (t.endsWith(" ms") ? Number(t.slice(0, -3)) : t.endsWith(" s") ? Number(t.slice(0, -2)) * 1000 : -1);
    const p95s = (await page.locator("tbody tr td:nth-child(6)").allTextContents()).map(ms);
    expect(p95s.length).toBeGreaterThan(3);
    expect(p95s).toEqual([...p95s].sort((a, b) => b - a));

    const firstRoute = page.locator("tbody tr").first().locator("td").first();
    const template = (await firstRoute.textContent())!;
    await firstRoute.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: `Route ${template}` })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("route")).toBe(template);
    await expect(page.getByRole("heading", { name: /slow quer(y|ies) from this route/i })).toBeVisible();
    await expect(page.getByTestId("chart")).toHaveCount(4);

    await page.getByTestId("live-indicator").getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("live-indicator")).toContainText("· paused");

    // The pages just rendered were recorded by the HTTP-server hook, under their templates.
    const exposition = await (await page.request.get("/api/metrics")).text();
    expect(exposition).toMatch(/^http_requests_total\{route="\/metrics",method="GET",status="200"\} [1-9]/m);
    expect(exposition).not.toMatch(/route="\/metrics\?/);
  });

  test("a viewer gets 403 on /metrics", async ({ page }) => {
    await signIn(page, "viewer");
    const res = await page.goto("/metrics");
    expect(res?.status()).toBe(403);
  });

  test("an admin registers a monitor on a loopback server and sees it up on /health", async ({ page }) => {
    const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("pong from e2e"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/ping`;
    const name = `e2e target ${Date.now().toString(36)}`;
    try {
      await signIn(page, "admin", "/health");
      await page.goto("/health");
      await expect(page.getByRole("heading", { level: 1, name: "Health" })).toBeVisible();
      await expect(page.getByText("Database", { exact: true })).toBeVisible();

      await page.getByLabel("Name").fill(name);
      await page.getByLabel("URL").fill(url);
      await page.getByLabel("Body keyword (optional)").fill("pong");
      await page.getByLabel("Interval (seconds)").fill("10");
      await page.getByRole("button", { name: "Add monitor" }).click();
      await expect(page.getByText(`Monitor ${name} added`)).toBeVisible();
      const entry = page.getByTestId("monitor").filter({ hasText: name });
      await expect(entry).toBeVisible();

      // The probe job ticks every 10 s; reload until its first result is in.
      await expect(async () => {
        await page.reload();
        await expect(entry.getByText("up", { exact: true })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 45_000 });
      await expect(entry.getByTestId("sparkline")).toBeVisible();
      await expect(entry.getByText(/Uptime 24 h 100%/)).toBeVisible();

      const audited = await withE2eDatabase(async (db) => (await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'monitor.create' AND target_label = $1", [name])).rows[0].n);
      expect(audited).toBe(1);

      await entry.getByRole("button", { name: "Pause" }).click();
      await expect(page.getByText(`${name} paused`)).toBeVisible();
      await expect(entry.getByText("paused", { exact: true })).toBeVisible();

      await entry.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("button", { name: `Delete ${name}` }).click();
      await expect(page.getByText(`Monitor ${name} deleted`)).toBeVisible();
      await expect(entry).toHaveCount(0);
      const exposition = await (await page.request.get("/api/metrics")).text();
      expect(exposition).toMatch(/^http_requests_total\{route="action:monitor.create",method="POST",status="200"\} 1$/m);
      expect(exposition).toMatch(/^http_requests_total\{route="action:monitor.set_enabled",method="POST",status="200"\} 1$/m);
      // …and only there: the hook skips the POST the action wrapper already recorded.
      expect(exposition).not.toMatch(/route="\/health",method="POST"/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// The charts are SVG in the server's HTML: nothing to download and run before they show (what
// kept /metrics from being interactive on a phone), and no chart library in the build at all.
test.describe("charts without a chart library", () => {
  test("/metrics arrives with its four charts drawn, and no chunk of the build carries recharts", async ({ page }) => {
    await signIn(page, "operator", "/metrics");
    const html = await (await page.request.get("/metrics?range=24h")).text();
    expect(html.match(/data-chart-surface/g)?.length).toBe(4);
    expect(html.match(/data-part="line"/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next");
    const chunks = fs.readdirSync(path.join(dist, "static/chunks")).filter((f) => f.endsWith(".js"));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.filter((f) => /recharts/.test(fs.readFileSync(path.join(dist, "static/chunks", f), "utf8")))).toEqual([]);
  });
});
