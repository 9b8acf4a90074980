import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO, signIn, watchCspViolations } from "./support/auth";
import { withE2eDatabase } from "./support/db";

// The audit trail end to end: an operator cancels a run (through the API with their
// session); an admin finds that event on /audit by filter, opens its diff, exports the
// filtered set as CSV (which holds exactly that row) and verifies the chain.

test.describe("audit trail", () => {
  test("an admin finds an operator's run cancellation, sees the diff, exports it and verifies the chain", async ({ browser }) => {
    const run = await withE2eDatabase(async (db) => {
      const { rows } = await db.query<{ id: string; status: string }>(
        `SELECT r.id, r.status FROM runs r JOIN projects p ON p.id = r.project_id
         WHERE r.status IN ('queued', 'running') AND p.archived_at IS NULL ORDER BY r.created_at DESC LIMIT 1`,
      );
      return rows[0]!;
    });
    expect(run).toBeDefined();

    const operatorContext = await browser.newContext();
    const operator = await operatorContext.newPage();
    await signIn(operator, "operator");
    const cancelled = await operator.request.patch(`/api/v1/runs/${run.id}`, { data: { status: "cancelled" } });
    expect(cancelled.status(), await cancelled.text()).toBe(200);
    await operatorContext.close();

    const adminContext = await browser.newContext({ acceptDownloads: true });
    const page = await adminContext.newPage();
    const violations = watchCspViolations(page);
    await signIn(page, "admin", "/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();

    const filters = page.getByRole("form", { name: "Filter events" });
    await filters.getByLabel("Action").selectOption("run.cancel");
    await filters.getByLabel("Target id").fill(run.id);
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`targetId=${run.id}`));
    await expect(page).toHaveURL(/action=run\.cancel/);

    const rows = page.locator("tbody tr[data-seq]");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("run.cancel");
    await expect(rows.first()).toContainText(DEMO.operator);

    const seq = await rows.first().getAttribute("data-seq");
    await rows.first().getByRole("link", { name: `Open event ${seq}` }).click();
    await expect(page).toHaveURL(new RegExp(`event=${seq}`));
    const diff = page.getByTestId("event-diff");
    const statusRow = diff.locator("tr", { has: page.getByRole("rowheader", { name: "status" }) });
    await expect(statusRow.locator("td").nth(0)).toHaveText(run.status);
    await expect(statusRow.locator("td").nth(1)).toHaveText("cancelled");
    // With an event open over the whole trail at 1440 px, the list keeps every column in view
    // (beside a detail column it was cut off to the right).
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/audit?event=${seq}`);
    await expect(page.getByTestId("event-diff")).toBeVisible();
    const box = page.locator("main table").filter({ has: page.locator("tbody tr[data-seq]") }).locator("xpath=..");
    await expect.poll(() => box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await page.goBack();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^seq,occurredAt,actorType/);
    expect(lines).toHaveLength(2); // the header and exactly the filtered event
    expect(lines[1]).toMatch(new RegExp(`^${seq},`));
    expect(lines[1]).toContain("run.cancel");
    expect(lines[1]).toContain(run.id);

    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByTestId("verify-outcome")).toContainText("Chain intact");
    expect(violations).toEqual([]);
    await adminContext.close();
  });

  test("a viewer gets a 403 on /audit", async ({ page }) => {
    await signIn(page, "viewer");
    const response = await page.goto("/audit");
    expect(response?.status()).toBe(403);
  });
});
