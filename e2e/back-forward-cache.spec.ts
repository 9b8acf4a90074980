import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./support/env";

// Back and Forward restore console pages from the browser's back/forward cache (Playwright
// turns that cache off by default; this file turns it back on): pages are revalidated on
// every load but not no-store. After signing out, Back shows nothing of the session (the
// restored page hides itself and is replaced by the sign-in page).

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ignoreDefaultArgs: ["--disable-back-forward-cache"] } });

const marked = () => (window as unknown as { __opsdeckMark?: number }).__opsdeckMark === 1;

test("Back restores a signed-in page from the back/forward cache; after sign-out it does not", async ({ page }) => {
  await signIn(page, "viewer", "/projects");
  const res = await page.goto("/projects");
  expect(res?.headers()["cache-control"]).toBe("private, no-cache, max-age=0, must-revalidate");
  await page.evaluate(() => ((window as unknown as { __opsdeckMark: number }).__opsdeckMark = 1));
  await page.goto("/health");
  // A restored page fires no load event: wait only for the history step itself.
  await page.goBack({ waitUntil: "commit" });
  await expect(page).toHaveURL(/\/projects$/);
  // The same document came back (the mark survived), and it still shows the list.
  expect(await page.evaluate(marked)).toBe(true);
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();

  // Sign out, then Back: the cached page is gone, and the server sends the sign-in page.
  await page.evaluate(() => ((window as unknown as { __opsdeckMark: number }).__opsdeckMark = 1));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.goBack({ waitUntil: "commit" });
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  // Whatever came back from the cache was replaced by a fresh document from the server.
  await expect.poll(() => page.evaluate(marked)).toBe(false);
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toHaveCount(0);
});
