import { expect, test } from "@playwright/test";
import { signIn, watchCspViolations } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { expectNoAxeViolations } from "./support/axe";

// The command palette (Ctrl/⌘+K): pages, projects by name, a run by its external id, and the
// page's own main actions; "/" focuses the page's search. Keyboard only, axe clean.

test("Ctrl+K jumps to a page, a project by name and a run by external id; / focuses the page search", async ({ page }) => {
  const csp = watchCspViolations(page);
  await signIn(page, "operator", "/");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  const box = palette.getByRole("combobox");

  await page.keyboard.press("Control+k");
  await expect(palette).toBeVisible();
  await expect(box).toBeFocused();
  await expectNoAxeViolations(page, "command palette");
  // An operator is offered Metrics but not the admin's Audit page.
  await box.fill("audit");
  await expect(palette.getByRole("option", { name: /Audit/ })).toHaveCount(0);
  await box.fill("metr");
  await expect(palette.getByRole("option", { name: /Metrics/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/metrics$/);
  await expect(palette).toBeHidden();

  await page.keyboard.press("Control+k");
  await box.fill("API Gate");
  await expect(palette.getByRole("option", { name: /API Gateway/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(palette.getByRole("option", { selected: true })).toContainText("API Gateway");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/projects\/api-gateway$/);

  // "/" puts the cursor in the runs search of the project page.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  await expect(page.locator('main input[name="q"]')).toBeFocused();

  // A run found by its external id, as a CI system names it.
  const run = await withE2eDatabase(async (db) => (await db.query("SELECT id, name, external_id FROM runs WHERE external_id IS NOT NULL AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1")).rows[0] as { id: string; name: string; external_id: string });
  const runName = new RegExp(run.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  await page.keyboard.press("Control+k");
  await box.fill(run.external_id);
  await expect(palette.getByRole("option", { name: runName }).first()).toBeVisible();
  await palette.getByRole("option", { name: runName }).first().click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));

  // The run page's own main action, from the palette: the confirmation opens, nothing is done yet.
  await page.keyboard.press("Control+k");
  await box.fill("cancel this");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: `Cancel run ${run.name}?` })).toBeVisible();
  await page.keyboard.press("Escape");
  expect(csp).toEqual([]);
});
