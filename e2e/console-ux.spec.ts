import { expect, test, type Page } from "@playwright/test";
import { insertApiKey, v1 } from "./support/api";
import { signIn, type DemoRole } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import { withE2eDatabase } from "./support/db";

// Issue 16 in the browser: what a demanding engineer trips over on phones, after Back, in
// charts, times, stale pages, forms and lists. Runs are created through the v1 API in a
// project of this spec's own.

const slug = `e2e-ux-${Date.now().toString(36)}`;

// A second project with more runs than one audit page holds (50), each create audited.
const busySlug = `${slug}-busy`;
let busyProjectId: string;
let incidentId: string;

test.beforeAll(async ({ request }) => {
  const key = await insertApiKey(`e2e ux ${slug}`, ["projects:read", "projects:write", "runs:read", "runs:write"]);
  const api = v1(request, key);
  await api.createProject(slug);
  const ingest = await api.createRun(slug, "ingest nightly", "running");
  await api.setStatus(ingest.id, "failed");
  await api.createRun(slug, "ingest hourly", "running");
  await api.createRun(slug, "deploy web");
  busyProjectId = (await api.createProject(busySlug)).id;
  for (let i = 1; i <= 55; i++) await api.createRun(busySlug, `busy ${i}`);
  incidentId = await withE2eDatabase(async (db) => String((await db.query("SELECT id FROM incidents WHERE status <> 'resolved' ORDER BY started_at DESC LIMIT 1")).rows[0].id));
});

const filterForm = (page: Page) => page.getByRole("search", { name: "Filter runs" });

test("Back after Apply shows the form and the list the URL describes", async ({ page }) => {
  await signIn(page, "operator", `/projects/${slug}`);
  const form = filterForm(page);
  const rows = page.locator("main table tbody tr");
  await expect(rows).toHaveCount(3);
  await form.getByLabel("Search").fill("ingest");
  await form.getByLabel("Status").selectOption("failed");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=ingest/);
  await expect(rows).toHaveCount(1);
  await expect(form.getByRole("link", { name: "Clear" })).toBeVisible();

  await page.goBack();
  await expect(page).not.toHaveURL(/q=ingest/);
  await expect(rows).toHaveCount(3);
  await expect(form.getByLabel("Search")).toHaveValue("");
  await expect(form.getByLabel("Status")).toHaveValue("");
  await expect(form.getByRole("link", { name: "Clear" })).toHaveCount(0);

  await page.goForward();
  await expect(rows).toHaveCount(1);
  await expect(form.getByLabel("Search")).toHaveValue("ingest");
  await expect(form.getByLabel("Status")).toHaveValue("failed");

  // A full-page history navigation too: the browser must not restore typed values over the URL's.
  await page.goto(`/projects/${slug}?q=ingest&status=failed`);
  await page.goto(`/projects/${slug}`);
  await form.getByLabel("Search").fill("typed, never applied");
  await page.goto(`/projects/${slug}?status=failed`);
  await page.goBack();
  await expect(form.getByLabel("Search")).toHaveValue("");
  await expect(form.getByLabel("Status")).toHaveValue("");
});

for (const role of ["admin", "operator", "viewer"] as const satisfies DemoRole[]) {
  test(`at 390 px the ${role}'s navigation sits behind a menu button that opens and closes it`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, role, "/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await nav.getByRole("link", { name: "Projects" }).click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(nav).toBeHidden();
    // Every page's width at 390 px, for every role: e2e/every-page.spec.ts.
  });
}

test.describe("times", () => {
  test.use({ timezoneId: "Asia/Tokyo" });
  test("read relative, carry the exact time in a tooltip, and switch to local time", async ({ page }) => {
    await signIn(page, "operator", `/projects/${slug}`);
    const first = page.locator("main table tbody time").first();
    await expect(first).toHaveText(/ago$|^just now$/);
    await expect(first).toHaveAttribute("title", /^\d{2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC$/);
    expect(Date.parse((await first.getAttribute("datetime"))!)).not.toBeNaN();
    const zones = page.getByRole("group", { name: "Times shown in" });
    await zones.getByRole("button", { name: "Local" }).click();
    await expect(first).toHaveAttribute("title", /GMT\+9$/);
    await page.reload();
    await expect(page.locator("main table tbody time").first()).toHaveAttribute("title", /GMT\+9$/);
    await page.getByRole("group", { name: "Times shown in" }).getByRole("button", { name: "UTC" }).click();
    await expect(page.locator("main table tbody time").first()).toHaveAttribute("title", / UTC$/);
  });
});

test("an ignored URL parameter is named in a notice", async ({ page }) => {
  await signIn(page, "operator", "/metrics?range=bogus");
  await expect(page.getByTestId("url-notice")).toContainText("range=bogus");
  await page.goto("/metrics?from=2026-12-01%2018:00&to=2026-12-01%2017:00");
  await expect(page.getByTestId("url-notice")).toContainText("from is not before to");
  await page.goto(`/projects/${slug}?status=exploded`);
  await expect(page.getByTestId("url-notice")).toContainText("status=exploded");
  await page.goto("/metrics?range=6h");
  await expect(page.getByRole("link", { name: "6h" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("url-notice")).toHaveCount(0);
  await page.goto("/incidents?status=exploded");
  await expect(page.getByTestId("url-notice")).toContainText("status=exploded");
});

test("an audit link to a missing or a malformed event says so", async ({ page }) => {
  // Missing: said where the event would have opened, above the trail.
  await signIn(page, "admin", "/audit?event=999999");
  await expect(page.getByText("Event 999999 not found")).toBeVisible();
  await expect(page.locator("tbody tr[data-seq]").first()).toBeVisible();
  await page.goto("/audit?event=bogus");
  await expect(page.getByTestId("url-notice")).toContainText("event=bogus");
});

test("a route without errors: no 5xx stroke on the status-class stack, an error axis within 0–100 %", async ({ page }) => {
  await signIn(page, "operator", "/metrics?range=24h");
  const quiet = page.locator("main table tbody tr").filter({ has: page.getByRole("cell", { name: "0.0%", exact: true }) });
  await expect(quiet.first()).toBeVisible();
  await quiet.first().getByRole("link").first().click();
  await expect(page.locator("main h1")).toHaveText(/^Route /);
  const charts = page.getByTestId("chart");
  await expect(charts).toHaveCount(4);
  // Four stacked layers, and no red stroke: a layer empty throughout draws its area only.
  const stack = charts.nth(3);
  await expect(stack.locator("[data-series]")).toHaveCount(4);
  await expect(stack.locator('[data-part="area"]')).toHaveCount(4);
  await expect(stack.locator('[data-series-line="5xx"]')).toHaveCount(0);
  await expect(stack.locator('[data-part="line"][stroke="var(--color-danger)"]')).toHaveCount(0);
  const ticks = charts.nth(1).locator('text[data-axis="y"]');
  await expect(ticks.first()).toBeAttached();
  const percents = (await ticks.allTextContents()).map((t) => Number.parseFloat(t));
  expect(Math.max(...percents)).toBeLessThanOrEqual(100);
});

test("forms show the schema's sentences under the fields, not zod's defaults", async ({ page }) => {
  await signIn(page, "admin", "/admin/api-keys");
  const keyForm = page.getByRole("form", { name: "Create an API key" });
  await keyForm.getByLabel("Name").fill("e2e no scopes");
  for (const box of await keyForm.getByRole("checkbox").all()) await box.uncheck();
  await keyForm.getByRole("button", { name: "Create key" }).click();
  await expect(keyForm.getByTestId("field-error")).toHaveText("Choose at least one scope.");
  await expect(page.getByTestId("toast").filter({ hasText: "Some fields are not valid." })).toBeVisible();
  await expect(page.getByTestId("toast").filter({ hasText: /Too small|expected/ })).toHaveCount(0);

  await page.goto("/admin/users");
  const userForm = page.getByRole("form", { name: "Create a user" });
  const email = `${"a".repeat(65)}@example.com`;
  await userForm.getByLabel("Email").fill(email);
  await userForm.getByRole("button", { name: "Create user" }).click();
  await expect(userForm.getByTestId("field-error")).toHaveText("The part before @ is at most 64 characters.");
  await expect(userForm.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(userForm.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);

  // The alerting forms too: the sentence under the field, the summary only points there.
  await page.goto("/alerts");
  const ruleForm = page.getByRole("form", { name: "Create an alert rule" });
  await ruleForm.getByLabel("Rule name").fill("   ");
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  await expect(ruleForm.getByTestId("field-error")).toHaveText("Give the rule a name");
  await expect(ruleForm.getByLabel("Rule name")).toHaveAttribute("aria-invalid", "true");
  await expect(ruleForm.getByRole("alert")).toContainText("Give the rule a name");
  await expect(ruleForm.getByRole("alert")).not.toContainText("name:");
});

test("status page forms and the rate-limit lookup put their sentences under the fields", async ({ page }) => {
  const pageSlug = `${slug}-sp`;
  await signIn(page, "admin", "/admin/status-pages");
  const form = page.locator("form").first();
  await form.getByLabel("Slug (the URL: /status/slug)").fill(pageSlug);
  await form.getByLabel("Title").fill(`Forms ${pageSlug}`);
  // A component row with monitors but no name: the error lands under that row's field.
  await form.getByLabel("Display name 1").fill("Web");
  await form.getByRole("button", { name: "Add a component" }).click();
  await form.getByLabel("Display name 2").fill("   ");
  await form.getByLabel("Monitors 2").selectOption({ label: "Console liveness (http)" });
  await form.getByRole("button", { name: "Create page" }).click();
  await expect(form.getByTestId("field-error")).toHaveText(["Pick at least one monitor for the component.", "Give the component a display name."]);
  await expect(form.getByLabel("Monitors 1")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Display name 2")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Display name 1")).not.toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Monitors 1").selectOption({ label: "Console liveness (http)" });
  await form.getByLabel("Display name 2").fill("Liveness");
  await form.getByRole("button", { name: "Create page" }).click();
  await expect(page.getByText(`Status page Forms ${pageSlug} created`)).toBeVisible();

  // A status update with a blank message (spaces pass `required`).
  await page.getByTestId("status-page").filter({ hasText: `Forms ${pageSlug}` }).getByText("Post an update").click();
  const card = page.locator("form").filter({ has: page.getByRole("button", { name: "Post update" }) }).filter({ visible: true });
  await card.getByLabel("Title").fill("Slow pages");
  await card.getByLabel("Message readers see").fill("   ");
  await card.getByRole("button", { name: "Post update" }).click();
  await expect(card.getByTestId("field-error")).toHaveText("Write what readers should know.");
  await expect(card.getByLabel("Message readers see")).toHaveAttribute("aria-invalid", "true");
  await expect(card.getByRole("alert")).toContainText("Write what readers should know.");

  await page.goto(`/admin/system?rlKind=bogus&rl=${encodeURIComponent("opk_x")}`);
  await expect(page.getByTestId("field-error")).toHaveText("Choose a subject: an API key, a user or an IP address.");
  await expect(page.getByLabel("Subject", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Key, email or IP")).toHaveValue("opk_x");
  await expect(page.getByLabel("Key, email or IP")).not.toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "/admin/system with a refused lookup");
});

test("a live page says when it was updated, refreshes on its interval, and not while hidden or paused", async ({ page }) => {
  await page.clock.install();
  await signIn(page, "viewer", "/projects");
  const live = page.getByTestId("live-indicator");
  await expect(live).toContainText(/Updated .* every 30 s/);
  const stamp = () => live.locator("time").getAttribute("datetime");
  const first = await stamp();
  await page.clock.fastForward("00:31");
  await expect.poll(stamp).not.toBe(first);

  const second = await stamp();
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.clock.fastForward("01:05");
  await page.waitForLoadState("networkidle");
  expect(await stamp()).toBe(second);
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  // Back after missing a refresh: at once, without waiting for the next tick.
  await expect.poll(stamp).not.toBe(second);

  await live.getByRole("button", { name: "Pause" }).click();
  await expect(live).toContainText("paused");
  const third = await stamp();
  await page.clock.fastForward("01:05");
  await page.waitForLoadState("networkidle");
  expect(await stamp()).toBe(third);
});

test("pagination: Older, then Newer and First lead back, with the position shown", async ({ page }) => {
  // The demo's 3000 runs are spread over its projects: api-gateway has more than two pages.
  await signIn(page, "viewer", "/projects/api-gateway");
  const position = page.getByTestId("page-position");
  const firstRow = () => page.locator("main table tbody tr").first().getAttribute("data-run-id");
  await expect(position).toHaveText("Page 1 · runs 1–50");
  const top = await firstRow();
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByRole("link", { name: "← Newer" })).toHaveCount(0);
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(position).toHaveText("Page 2 · runs 51–100");
  const second = await firstRow();
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(position).toHaveText("Page 3 · runs 101–150");
  await pages.getByRole("link", { name: "← Newer" }).click();
  await expect(position).toHaveText("Page 2 · runs 51–100");
  expect(await firstRow()).toBe(second);
  await pages.getByRole("link", { name: "← Newer" }).click();
  await expect(position).toHaveText("Page 1 · runs 1–50");
  expect(await firstRow()).toBe(top);
  await pages.getByRole("link", { name: "Older →" }).click();
  // Page 2 first: a second click before it renders would follow page 1's Older link again.
  await expect(position).toHaveText("Page 2 · runs 51–100");
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(position).toHaveText("Page 3 · runs 101–150");
  await pages.getByRole("link", { name: "First" }).click();
  await expect(position).toHaveText("Page 1 · runs 1–50");
});

test("demo sign-ins on /login are one click each, and Archive is not the project page's loud red action", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: /admin@example\.com/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.goto(`/projects/${slug}`);
  const archive = page.getByRole("button", { name: "Archive", exact: true });
  await expect(archive).toBeVisible();
  expect(await archive.getAttribute("class")).not.toMatch(/bg-destructive/);
});

test("every page that shows changing data says when it was updated and refreshes itself", async ({ page }) => {
  await signIn(page, "operator", "/");
  for (const path of ["/", "/projects", `/projects/${slug}`, "/health", "/incidents", `/incidents/${incidentId}`, "/queries?tab=activity", "/metrics"]) {
    await page.goto(path);
    await expect(page.getByTestId("live-indicator"), path).toContainText(/Updated .* · every \d+ s/);
    await expect(page.getByTestId("live-indicator").getByRole("button", { name: "Pause" }), path).toBeVisible();
  }
});

test("nothing moves as a page's streamed parts replace their placeholders", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: { value: number; nodes: string[] }[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; sources: { node?: Node }[] }[]) w.shifts.push({ value: e.value, nodes: e.sources.map((s) => (s.node instanceof Element ? s.node.outerHTML.slice(0, 80) : String(s.node))) });
    }).observe({ type: "layout-shift", buffered: true });
  });
  await signIn(page, "operator", "/");
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ["/", `/projects/${busySlug}`, "/metrics", "/health"]) {
      await page.goto(path);
      await expect(page.getByTestId("live-indicator"), path).toBeVisible();
      await expect(page.locator("[aria-busy=true]"), path).toHaveCount(0);
      const shifts = await page.evaluate(() => (window as unknown as { shifts: unknown[] }).shifts);
      expect(shifts, `${path} at ${width} px`).toEqual([]);
    }
  }
  // The scrollbar's room is kept from the first paint, so a page growing past the viewport does not rewrap.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollbarGutter)).toBe("stable");
});

test("the audit table keeps a long project slug to one line, the full slug in its title", async ({ page, request }) => {
  const longSlug = `${slug}-${"long".repeat(12)}`.slice(0, 64);
  const key = await insertApiKey(`e2e ux long ${slug}`, ["projects:write"]);
  const project = await v1(request, key).createProject(longSlug);
  await signIn(page, "admin", `/audit?project=${project.id}`);
  const cell = page.locator("main table tbody tr").first().locator("td").last();
  await expect(cell).toHaveAttribute("title", longSlug);
  const box = await cell.evaluate((td) => ({ lines: td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight), clipped: td.scrollWidth > td.clientWidth }));
  expect(box.clipped).toBe(true);
  expect(box.lines).toBeLessThan(3); // one line of text plus the cell's padding
});

test("the audit trail pages with a position, Older then Newer, and First", async ({ page }) => {
  await signIn(page, "admin", `/audit?project=${busyProjectId}`);
  const position = page.getByTestId("page-position");
  const pages = page.getByRole("navigation", { name: "Pages" });
  // The sequencer numbers events a moment after they commit: the trail fills as it does.
  await expect(async () => {
    await page.reload();
    await expect(position).toHaveText("Page 1 · events 1–50", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText(/^Events 1–50 matching, newest first$/)).toBeVisible();
  await expect(page.getByText(/50\+/)).toHaveCount(0);
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(position).toHaveText(/^Page 2 · events 51–5\d$/);
  await pages.getByRole("link", { name: "← Newer" }).click();
  await expect(position).toHaveText("Page 1 · events 1–50");
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(position).toHaveText(/^Page 2/);
  await pages.getByRole("link", { name: "First" }).click();
  await expect(position).toHaveText("Page 1 · events 1–50");
});

test("/health in the demo shows services up and down, and a response-time sparkline is one line across the bar", async ({ page }) => {
  await signIn(page, "viewer", "/health");
  const monitor = (name: string) => page.getByTestId("monitor").filter({ has: page.getByText(name, { exact: true }) });
  await expect(monitor("Console liveness").getByText("up", { exact: true })).toBeVisible();
  await expect(monitor("Legacy mail relay").getByText("down", { exact: true })).toBeVisible();
  await expect(page.getByText("1 service is down: Legacy mail relay.")).toBeVisible();
  const line = monitor("Console liveness").getByTestId("sparkline");
  const shape = await line.evaluate((svg) => {
    const path = svg.querySelector("path")!;
    const box = path.getBBox();
    return { segments: (path.getAttribute("d")!.match(/M/g) ?? []).length, width: box.width, height: box.height, of: (svg as SVGSVGElement).viewBox.baseVal.width };
  });
  // One continuous stroke over (nearly) the whole day, rising and falling with the latency.
  expect(shape.segments).toBe(1);
  expect(shape.width).toBeGreaterThan(0.9 * shape.of);
  expect(shape.height).toBeGreaterThan(5);
  // A heartbeat has no response time: no sparkline pretending it is zero.
  await expect(monitor("Nightly backup").getByTestId("sparkline")).toHaveCount(0);
});

test("/metrics: the range fields read the way the charts' axes do, in UTC", async ({ page }) => {
  await signIn(page, "operator", "/metrics?range=24h");
  const from = page.getByLabel("From (UTC)");
  const to = page.getByLabel("To (UTC)");
  await expect(from).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const axis = page.locator('[data-testid="chart"] text[data-axis="x"]');
  await expect(axis.first()).toBeVisible();
  const ticks = await axis.allTextContents();
  expect(ticks.length).toBeGreaterThan(2);
  for (const tick of ticks) expect(tick).toMatch(/^\d{2}-\d{2} \d{2}:\d{2}$/);
  // Every tick falls inside the range the fields show: the same clock, the same zone.
  const utc = (value: string) => Date.parse(`${value.replace(" ", "T")}:00Z`);
  const [start, end] = [utc(await from.inputValue()), utc(await to.inputValue())];
  for (const tick of ticks) {
    const year = new Date(end).getUTCFullYear();
    const at = utc(`${year}-${tick}`) <= end ? utc(`${year}-${tick}`) : utc(`${year - 1}-${tick}`);
    expect(at, tick).toBeGreaterThanOrEqual(start);
    expect(at, tick).toBeLessThanOrEqual(end);
  }
});

test("Queries › Live activity: the heading agrees with the sessions under it, and row estimates are counted", async ({ page }) => {
  // A session of the test's own, busy for a while, in the console's database.
  const busy = withE2eDatabase((db) => db.query("SELECT pg_sleep(20) /* e2e live activity */")).catch(() => undefined);
  try {
    await signIn(page, "operator", "/queries?tab=activity");
    const activity = page.getByTestId("live-activity");
    await expect(async () => {
      await page.reload();
      await expect(activity.locator("tr", { hasText: "e2e live activity" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const heading = activity.getByRole("heading").first();
    await expect(heading).toHaveText(/^\d+ active sessions?, none long-running$|long-running of \d+ active$/);
    await expect(activity.getByText("Nothing running")).toHaveCount(0);

    const runsRow = page.locator("tr", { has: page.getByRole("cell", { name: "runs", exact: true }) });
    const estimate = Number((await runsRow.locator("td").last().textContent())!.replace(/,/g, ""));
    expect(estimate).toBeGreaterThan(0);
  } finally {
    await withE2eDatabase((db) => db.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%e2e live activity%' AND pid <> pg_backend_pid()"));
    await busy;
  }
});

test("audit filters on a phone: the less used fields fold under More filters, and times are typed as the table shows them, in UTC", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin", "/audit");
  const form = page.getByRole("form", { name: "Filter events" });
  await expect(form.getByLabel("Actor", { exact: true })).toBeVisible();
  await expect(form.getByLabel("From (UTC)")).toBeHidden();
  const more = form.getByRole("button", { name: "More filters" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  await expect(form.getByLabel("From (UTC)")).toBeVisible();
  await expect(form.getByLabel("From (UTC)")).toHaveAttribute("placeholder", "YYYY-MM-DD HH:MM");
  await form.getByLabel("From (UTC)").fill("2026-01-02 03:04");
  await form.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/since=2026-01-02T03%3A04%3A00\.000Z|since=2026-01-02T03:04:00\.000Z/);
  // Reloaded with a folded field set, the disclosure opens by itself and says what is set.
  await expect(form.getByLabel("From (UTC)")).toHaveValue("2026-01-02 03:04");
  await expect(form.getByRole("button", { name: "Fewer filters" })).toHaveAttribute("aria-expanded", "true");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/audit");
  await expect(form.getByLabel("From (UTC)")).toBeVisible();
  await expect(form.getByRole("button", { name: /More filters/ })).toBeHidden();
  // No field of the console asks for a time in the browser's locale picker.
  for (const path of ["/audit", "/alerts", "/admin/api-keys", "/admin/status-pages"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    expect(await page.locator('input[type="datetime-local"], input[type="date"]').count(), path).toBe(0);
  }
});
