import { expect, test, type Page } from "@playwright/test";
import { pagesFor } from "../lib/auth/pages";
import { insertApiKey } from "./support/api";
import { signIn, type DemoRole } from "./support/auth";
import { axeViolations } from "./support/axe";
import { withE2eDatabase } from "./support/db";

// Issue 16's sweep: every console page (and the views a page's tabs and links open) as every
// role, in the light and the dark theme, on a phone (390 px) and a desktop (1440 px): axe finds
// nothing, and no page is wider than the phone's viewport.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

type Demo = { run: string; incident: string; event: string };
let demo: Demo;

// Long values with nowhere to break, the longest each field takes: every page that shows them
// (lists, selects, the palette) must truncate or wrap them, never widen.
const wideSlug = `e2e-wide-${Date.now().toString(36)}-${"w".repeat(64)}`.slice(0, 64);
const wideRun = "run-".padEnd(200, "r");
let wideRunId: string;

test.beforeAll(async ({ request }) => {
  const key = await insertApiKey(`e2e-wide-key-${"k".repeat(80)}`, ["projects:write", "runs:write"]);
  const headers = { authorization: `Bearer ${key}` };
  const project = await request.post("/api/v1/projects", { headers, data: { slug: wideSlug, name: `Wide-${"n".repeat(115)}` } });
  expect(project.status(), await project.text()).toBe(201);
  const run = await request.post(`/api/v1/projects/${wideSlug}/runs`, { headers, data: { name: wideRun, status: "running", externalId: "x".repeat(100) } });
  expect(run.status(), await run.text()).toBe(201);
  wideRunId = (await run.json()).id;
  demo = await withE2eDatabase(async (db) => {
    const one = async (sql: string) => String((await db.query(sql)).rows[0]?.v ?? "");
    return {
      run: await one("SELECT r.id AS v FROM runs r JOIN projects p ON p.id = r.project_id WHERE p.slug = 'api-gateway' AND r.status = 'failed' ORDER BY r.created_at DESC LIMIT 1"),
      incident: await one("SELECT id AS v FROM incidents WHERE status <> 'resolved' ORDER BY started_at DESC LIMIT 1"),
      event: await one("SELECT max(seq) AS v FROM audit_events WHERE seq IS NOT NULL"),
    };
  });
  expect(Object.values(demo).every(Boolean), `the demo has a failed run, an open incident and an audit event: ${JSON.stringify(demo)}`).toBe(true);
});

function pathsFor(role: DemoRole): string[] {
  const paths: string[] = pagesFor(role).map((p) => p.href);
  paths.push("/projects/api-gateway", `/projects/api-gateway/runs/${demo.run}`, `/incidents/${demo.incident}`, `/projects/${wideSlug}`, `/projects/${wideSlug}/runs/${wideRunId}`);
  if (paths.includes("/metrics")) paths.push(`/metrics?route=${encodeURIComponent("/api/v1/projects/[slug]/runs")}`);
  if (paths.includes("/queries")) paths.push("/queries?tab=statements", "/queries?tab=activity");
  if (paths.includes("/audit")) paths.push(`/audit?event=${demo.event}`);
  return paths;
}

// `E2E_SCREENSHOTS=DIR` (npm run screenshots) also keeps a full-page screenshot of each page in
// each state the sweep visits: DIR/ROLE/PAGE-WIDTH-THEME.png, for a person to look at.
const shotsDir = process.env.E2E_SCREENSHOTS;
async function keep(page: Page, who: string, path: string, width: number, theme: string) {
  if (!shotsDir) return;
  const name = path.replace(/^\//, "").replace(/[^a-zA-Z0-9]+/g, "_").slice(0, 80) || "overview";
  await page.screenshot({ path: `${shotsDir}/${who}/${name}-${width}-${theme}.png`, fullPage: true });
}

const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
const sideways = async (page: Page, where: string) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  return width > PHONE.width ? [`${where}: ${width} px wide`] : [];
};

/**
 * What is wrong on one page in both themes at both widths: it loads at 390 px in the theme the
 * last page left (a phone), widens to 1440 px, switches theme with the user panel's toggle, and
 * narrows again. Two frames after a resize or a switch: layout, and what is measured from it
 * (charts), follow.
 */
async function sweep(page: Page, path: string, who: string): Promise<string[]> {
  await page.setViewportSize(PHONE);
  await page.goto(path);
  await expect(page.locator("main h1").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  // The console's theme is a class on <html>; the public status page has none and follows the
  // system setting (emulated), so there the theme is what the page's media query sees.
  const dark = path.startsWith("/status/") ? await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches) : (await page.locator("html").getAttribute("class"))?.includes("dark");
  const first = dark ? "dark" : "light";
  const other = first === "dark" ? "light" : "dark";
  const found = [...(await sideways(page, `${path} at 390 px, ${first}`)), ...(await axeViolations(page, `${path} at 390 px, ${first}`))];
  await keep(page, who, path, PHONE.width, first);
  await page.setViewportSize(DESKTOP);
  await settle(page);
  found.push(...(await axeViolations(page, `${path} at 1440 px, ${first}`)));
  await keep(page, who, path, DESKTOP.width, first);
  if (path === "/login" || path.startsWith("/status/")) {
    // Signed out there is no toggle: the cookie, as the toggle would have written it, for the next load.
    await page.context().addCookies([{ name: "opsdeck-theme", value: other, url: page.url() }]);
    await page.emulateMedia({ colorScheme: other });
    await page.reload();
    await expect(page.locator("main h1").first()).toBeVisible();
  } else {
    await page.getByRole("group", { name: "Colour theme" }).getByRole("button", { name: other === "dark" ? "Dark theme" : "Light theme" }).click();
  }
  // The public status page has no class: it follows the system setting emulated above.
  if (path.startsWith("/status/")) expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(other === "dark");
  else await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${other}\\b`));
  await settle(page);
  found.push(...(await axeViolations(page, `${path} at 1440 px, ${other}`)));
  await keep(page, who, path, DESKTOP.width, other);
  await page.setViewportSize(PHONE);
  await settle(page);
  found.push(...(await sideways(page, `${path} at 390 px, ${other}`)), ...(await axeViolations(page, `${path} at 390 px, ${other}`)));
  await keep(page, who, path, PHONE.width, other);
  return found;
}

for (const role of ["admin", "operator", "viewer"] as const satisfies DemoRole[]) {
  test(`every page a ${role} opens, light and dark, at 390 and 1440 px: no axe violations, nothing wider than the phone`, async ({ page }) => {
    test.setTimeout(360_000);
    await signIn(page, role, "/");
    const found: string[] = [];
    for (const path of pathsFor(role)) found.push(...(await sweep(page, path, role)));
    expect(found).toEqual([]);
  });
}

test("signed out, /login and the public status page, light and dark, at 390 and 1440 px: no axe violations, nothing wider than the phone", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await context.addCookies([{ name: "opsdeck-theme", value: "light", url: baseURL! }]);
  // The status page has no theme of its own: it follows the reader's system setting.
  await page.emulateMedia({ colorScheme: "light" });
  const found: string[] = [];
  for (const path of ["/login", "/status/demo"]) found.push(...(await sweep(page, path, "signed-out")));
  expect(found).toEqual([]);
});
