import { expect, test } from "@playwright/test";
import { fingerprint, loadModule, normalize } from "libpg-query";
import { signIn, watchCspViolations } from "./support/auth";
import { withE2eDatabase } from "./support/db";

// /queries against the demo server: recorded slow queries (two put in the tables the way the
// flush writes them: one plannable SELECT and one 20 kB statement), the database's own
// pg_stat_statements, live activity, and EXPLAIN for an admin.

const PLANNABLE = "SELECT r.id, r.status FROM runs r JOIN projects p ON p.id = r.project_id WHERE p.slug = 'api' ORDER BY r.created_at DESC LIMIT 20";
const HUGE = `SELECT id FROM runs WHERE name IN (${Array.from({ length: 3200 }, (_, i) => `'n${i}'`).join(", ")}) /* huge-end-marker */`;

async function record(text: string, calls: number, durationMs: number, route: string, requestId: string) {
  await loadModule();
  const fp = await fingerprint(text);
  const query = await normalize(text);
  const buckets = Array(14).fill(0);
  buckets[6] = calls; // the 250–500 ms bucket
  await withE2eDatabase(async (db) => {
    await db.query("INSERT INTO slow_query_texts (fingerprint, query) VALUES ($1, $2) ON CONFLICT (fingerprint) DO NOTHING", [fp, query]);
    await db.query(
      "INSERT INTO slow_query_minutes (bucket_start, fingerprint, route, calls, total_ms, max_ms, buckets) VALUES (date_trunc('minute', now()), $1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
      [fp, route, calls, calls * durationMs, durationMs * 1.5, buckets],
    );
    await db.query("INSERT INTO slow_query_samples (fingerprint, occurred_at, duration_ms, route, request_id) VALUES ($1, now(), $2, $3, $4)", [fp, durationMs, route, requestId]);
  });
  return { fp, query };
}

test.describe("/queries", () => {
  test.beforeAll(async () => {
    await record(PLANNABLE, 12, 320, "/api/v1/projects/[slug]/runs", "e2e-req-plannable");
    await record(HUGE, 3, 400, "/api/v1/runs/[id]", "e2e-req-huge");
  });

  test("an operator sees recorded queries with their routes, pg_stat_statements and live activity; a 20 kB statement does not freeze the page", async ({ page }) => {
    const violations = watchCspViolations(page);
    await signIn(page, "operator", "/queries");
    await expect(page).toHaveURL(/\/queries$/);
    const recorded = page.getByTestId("recorded-queries");
    await expect(recorded).toBeVisible();
    const plannableRow = recorded.locator("tr", { hasText: "JOIN projects" });
    await expect(plannableRow).toBeVisible();
    await expect(plannableRow.getByRole("link", { name: "/api/v1/projects/[slug]/runs" })).toHaveAttribute("href", "/metrics?route=%2Fapi%2Fv1%2Fprojects%2F%5Bslug%5D%2Fruns");
    await expect(plannableRow.locator(".font-semibold", { hasText: "SELECT" }).first()).toBeVisible(); // highlighted keyword
    await expect(page.getByRole("button", { name: "Explain" })).toHaveCount(0); // admin only

    // The long statement renders its head only, then all of it in place, quickly.
    const hugeRow = recorded.locator("tr", { hasText: "WHERE name IN" });
    const showAll = hugeRow.getByRole("button", { name: /Show all \([\d,]+ characters\)/ });
    await expect(showAll).toBeVisible();
    expect(await hugeRow.getByTestId("sql-text").innerText()).not.toContain("huge-end-marker");
    const started = Date.now();
    await showAll.click();
    await expect(hugeRow.getByTestId("sql-text")).toContainText("huge-end-marker");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await page.evaluate(() => document.body.innerText.length)).toBeGreaterThan(20_000);

    // Sorting and the time range are in the URL.
    await page.getByRole("link", { name: "Calls" }).click();
    await expect(page).toHaveURL(/sort=calls/);
    await page.getByRole("link", { name: "1h", exact: true }).click();
    await expect(page).toHaveURL(/range=1h/);
    await expect(page).toHaveURL(/sort=calls/);

    // The samples of one request.
    await page.goto("/queries?requestId=e2e-req-plannable");
    await expect(page.getByTestId("request-samples")).toContainText("/api/v1/projects/[slug]/runs");

    await page.getByRole("link", { name: "pg_stat_statements" }).click();
    await expect(page).toHaveURL(/tab=statements/);
    await expect(page.getByTestId("pgss-statements")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reset statistics" })).toHaveCount(0);

    await page.getByRole("link", { name: "Live activity" }).click();
    await expect(page.getByTestId("live-activity")).toBeVisible();
    await expect(page.getByText(/Largest tables/)).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("a viewer is refused", async ({ page }) => {
    await signIn(page, "viewer");
    await expect(page.getByRole("link", { name: "Queries" })).toHaveCount(0);
    const res = await page.goto("/queries");
    expect(res?.status()).toBe(403);
  });

  test("an admin runs EXPLAIN on a recorded query and sees the plan tree with the costliest node", async ({ page }) => {
    await signIn(page, "admin", "/queries");
    const row = page.getByTestId("recorded-queries").locator("tr", { hasText: "JOIN projects" });
    await row.getByRole("button", { name: "Explain" }).click();
    const tree = row.getByTestId("plan-tree");
    await expect(tree).toBeVisible();
    await expect(tree).toContainText("Limit");
    await expect(tree.locator("[data-costliest]")).toHaveCount(1);
    const audited = await withE2eDatabase(async (db) => (await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'query.explain'")).rows[0].n as number);
    expect(audited).toBeGreaterThanOrEqual(1);

    await page.getByRole("link", { name: "pg_stat_statements" }).click();
    await expect(page.getByRole("button", { name: "Reset statistics" })).toBeVisible();
  });

  test("the server flushes its slow-query recorder in the background", async () => {
    await expect
      .poll(() => withE2eDatabase(async (db) => (await db.query("SELECT last_status FROM background_jobs WHERE name = 'slow-queries.flush'")).rows[0]?.last_status ?? null), { timeout: 30_000 })
      .toBe("ok");
  });
});
