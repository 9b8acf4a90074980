import { expect, test, type Page } from "@playwright/test";
import { insertApiKey, v1 } from "./support/api";
import { signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

// Issue 16, item 7 in the browser: a column header is a link that puts the sort in the URL,
// the rows reorder, a second click toggles the direction, Back restores the previous order,
// and the sorted pages have no axe violations. Runs are created in this spec's own project.

const slug = `e2e-sort-${Date.now().toString(36)}`;

test.beforeAll(async ({ request }) => {
  const key = await insertApiKey(`e2e sorting ${slug}`, ["projects:read", "projects:write", "runs:read", "runs:write"]);
  const api = v1(request, key);
  await api.createProject(slug);
  // Created in an order that is neither A→Z nor Z→A, so every sort is visible.
  for (const name of ["charlie build", "alpha build", "delta build", "bravo build"]) await api.createRun(slug, name);
});

const runNames = (page: Page) => page.locator("tbody tr[data-run-id] td:nth-child(2) a").allInnerTexts();
const header = (page: Page, name: string | RegExp) => page.getByRole("columnheader", { name });

test("a project's runs sort by a header click, toggle on the second, and Back restores the order", async ({ page }) => {
  await signIn(page, "operator", `/projects/${slug}`);
  await expect.poll(() => runNames(page)).toEqual(["bravo build", "delta build", "alpha build", "charlie build"]);
  await expect(header(page, "Created")).toHaveAttribute("aria-sort", "descending");
  await expect(header(page, /^Run/)).toHaveAttribute("aria-sort", "none");

  await header(page, /^Run/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=name(&|$)/);
  expect(new URL(page.url()).searchParams.get("order")).toBeNull();
  await expect.poll(() => runNames(page)).toEqual(["alpha build", "bravo build", "charlie build", "delta build"]);
  await expect(header(page, /^Run/)).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "Created")).toHaveAttribute("aria-sort", "none");
  await expectNoAxeViolations(page, "runs by name");

  await header(page, /^Run/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]order=desc(&|$)/);
  await expect.poll(() => runNames(page)).toEqual(["delta build", "charlie build", "bravo build", "alpha build"]);
  await expect(header(page, /^Run/)).toHaveAttribute("aria-sort", "descending");

  await page.goBack();
  await expect(page).not.toHaveURL(/order=/);
  await expect.poll(() => runNames(page)).toEqual(["alpha build", "bravo build", "charlie build", "delta build"]);
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
  await expect.poll(() => runNames(page)).toEqual(["bravo build", "delta build", "alpha build", "charlie build"]);

  // The oldest first, by the Created header: one click toggles the default.
  await header(page, "Created").getByRole("link").click();
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect.poll(() => runNames(page)).toEqual(["charlie build", "alpha build", "delta build", "bravo build"]);
});

test("a bad sort value is ignored with the URL notice, and the projects list sorts by name", async ({ page }) => {
  await signIn(page, "operator", `/projects/${slug}?sort=sideways`);
  await expect(page.getByTestId("url-notice")).toContainText("sort=sideways");
  await expect.poll(() => runNames(page)).toEqual(["bravo build", "delta build", "alpha build", "charlie build"]);

  await page.goto(`/projects?q=${slug}`);
  await header(page, /^Project/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=name(&|$)/);
  await expect(header(page, /^Project/)).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByRole("link", { name: `E2E ${slug}` })).toBeVisible();
  await expectNoAxeViolations(page, "projects by name");
});

test("the audit trail and users toggle their order, axe clean", async ({ page }) => {
  await signIn(page, "admin", "/audit");
  await expect(header(page, /^Time/)).toHaveAttribute("aria-sort", "descending");
  const firstSeq = async () => Number(await page.locator("tbody tr[data-seq]").first().getAttribute("data-seq"));
  const newest = await firstSeq();
  await header(page, /^Time/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect(header(page, /^Time/)).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(firstSeq).toBeLessThan(newest);
  await expectNoAxeViolations(page, "audit oldest first");
  await page.goBack();
  await expect(header(page, /^Time/)).toHaveAttribute("aria-sort", "descending");

  await page.goto("/admin/users");
  const emails = () => page.locator("tbody tr[data-testid^='user-row-']").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")!.slice("user-row-".length)));
  const byEmail = await emails();
  expect(byEmail.length).toBeGreaterThanOrEqual(3);
  await header(page, /^User/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]order=desc(&|$)/);
  await expect.poll(emails).toEqual([...byEmail].reverse());
  await header(page, /^Role/).getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=role(&|$)/);
  await expect(header(page, /^Role/)).toHaveAttribute("aria-sort", "ascending");
  await expectNoAxeViolations(page, "users by role");
});
