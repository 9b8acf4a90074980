import { expect, test, type Page } from "@playwright/test";
import { insertApiKey, v1 } from "./support/api";
import { signIn } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { E2E_PORT } from "./support/env";

// Issue 3 in the browser: an operator cancels and retries runs, a viewer cannot (not even
// by replaying the server action), and a run's page follows its log while it runs.
// Every run is created through the v1 API in a project of this spec's own.

const slug = `e2e-runs-${Date.now().toString(36)}`;
let key: string;

test.beforeAll(async ({ request }) => {
  key = await insertApiKey(`e2e runs ${slug}`, ["projects:read", "projects:write", "runs:read", "runs:write"]);
  await v1(request, key).createProject(slug);
});

const runPage = (id: string) => `/projects/${slug}/runs/${id}`;
const headerStatus = (page: Page, status: string) => page.locator("main header").getByText(status, { exact: true });
const dbRun = (id: string) => withE2eDatabase(async (db) => (await db.query("SELECT status, retry_of, cancel_requested_at FROM runs WHERE id = $1", [id])).rows[0]);

/** Confirms the dialog the trigger opens (its title names the run) and waits for the outcome toast. */
async function confirmAction(page: Page, trigger: string, titled: RegExp, toast: RegExp) {
  await page.getByRole("button", { name: trigger }).click();
  const dialog = page.getByRole("dialog", { name: titled });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: trigger }).click();
  await expect(page.getByTestId("toast").filter({ hasText: toast })).toBeVisible();
}

test("an operator cancels a queued run and retries a failed one, and the page updates in place", async ({ page, request }) => {
  const api = v1(request, key);
  const queued = await api.createRun(slug, "e2e queued build");
  await signIn(page, "operator", runPage(queued.id));
  await expect(headerStatus(page, "queued")).toBeVisible();
  // A marker on window survives client-side updates and is gone after a full reload.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  await confirmAction(page, "Cancel run", /^Cancel run e2e queued build\?$/, /Run e2e queued build cancelled/);
  await expect(headerStatus(page, "cancelled")).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect((await dbRun(queued.id)).status).toBe("cancelled");

  const failed = await api.createRun(slug, "e2e failing deploy", "running");
  await api.setStatus(failed.id, "failed");
  await page.goto(runPage(failed.id));
  await expect(headerStatus(page, "failed")).toBeVisible();
  await page.evaluate(() => Object.assign(window, { __noReload: true }));
  await confirmAction(page, "Retry run", /^Retry run e2e failing deploy\?$/, /Retry of e2e failing deploy queued/);

  const chain = page.getByRole("list", { name: "Retry chain, oldest first" });
  await expect(chain.getByRole("link")).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await chain.getByRole("link").click();
  await expect(page).not.toHaveURL(new RegExp(failed.id));
  await expect(headerStatus(page, "queued")).toBeVisible();
  const retryId = page.url().split("/").at(-1)!;
  expect(await dbRun(retryId)).toMatchObject({ status: "queued", retry_of: failed.id });

  const audited = await withE2eDatabase(async (db) =>
    (await db.query("SELECT action, target_id FROM audit_events WHERE actor_label = 'operator@example.com' AND target_id = ANY($1) ORDER BY id", [[queued.id, failed.id]])).rows,
  );
  expect(audited).toEqual([
    { action: "run.cancel", target_id: queued.id },
    { action: "run.retry", target_id: failed.id },
  ]);
});

test("a viewer sees no cancel, retry or archive buttons, and a replayed cancel action is refused and audited", async ({ browser, request }) => {
  const api = v1(request, key);
  // The cancel action's id, as an operator's browser sends it (Next-Action header).
  const operator = await browser.newPage();
  const actionIds: string[] = [];
  operator.on("request", (r) => {
    const id = r.headers()["next-action"];
    if (id && r.method() === "POST") actionIds.push(id);
  });
  const decoy = await api.createRun(slug, "e2e decoy");
  await signIn(operator, "operator", runPage(decoy.id));
  await confirmAction(operator, "Cancel run", /^Cancel run e2e decoy\?$/, /cancelled/);
  expect(actionIds).toHaveLength(1);
  await operator.close();

  const target = await api.createRun(slug, "e2e viewer target");
  const failed = await api.createRun(slug, "e2e viewer failed", "running");
  await api.setStatus(failed.id, "failed");
  const viewer = await browser.newPage();
  await signIn(viewer, "viewer", runPage(target.id));
  await expect(headerStatus(viewer, "queued")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /cancel run|retry run/i })).toHaveCount(0);
  await viewer.goto(runPage(failed.id));
  await expect(headerStatus(viewer, "failed")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /cancel run|retry run/i })).toHaveCount(0);
  await viewer.goto(`/projects/${slug}`);
  await expect(viewer.getByRole("heading", { level: 1, name: `E2E ${slug}` })).toBeVisible();
  await expect(viewer.getByRole("button", { name: /archive/i })).toHaveCount(0);

  // The same call the operator's browser made, from the viewer's session.
  // By insertion id: an event is in the table when its action answers, and has its seq once the sequencer has run.
  const before = await withE2eDatabase(async (db) => Number((await db.query("SELECT max(id) AS max FROM audit_events")).rows[0].max));
  const replay = await viewer.request.post(runPage(target.id), {
    headers: { "Next-Action": actionIds[0]!, Origin: `http://localhost:${E2E_PORT}`, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify([{ runId: target.id }]),
  });
  const body = await replay.text();
  expect(body).toContain('"ok":false');
  expect(body).toContain('"code":"forbidden"');
  expect((await dbRun(target.id)).status).toBe("queued");
  const denials = await withE2eDatabase(async (db) =>
    (await db.query("SELECT actor_label, target_id, changes FROM audit_events WHERE action = 'authz.denied' AND id > $1", [before])).rows,
  );
  expect(denials).toEqual([{ actor_label: "viewer@example.com", target_id: "action run.cancel", changes: { required: "operator", role: "viewer" } }]);
  await viewer.close();
});

test("the run page loads its log in pages and tails lines appended through the API until the run finishes", async ({ page, request }) => {
  const api = v1(request, key);
  const run = await api.createRun(slug, "e2e tailing agent", "running");
  await api.appendLogs(run.id, Array.from({ length: 150 }, (_, i) => `early line ${i + 1}`));
  await signIn(page, "viewer", runPage(run.id));

  const log = page.getByRole("log", { name: "Run log" });
  await expect(log.getByText("early line 100", { exact: true })).toBeVisible();
  await expect(log.getByText("early line 101", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(log.getByText("early line 150", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  await api.appendLogs(run.id, ["tail line one", "tail line two"]);
  await expect(log.getByText("tail line two", { exact: true })).toBeVisible();
  await expect(log.locator("li")).toHaveCount(152);

  // Finishing the run refreshes the page (status, timeline) and ends the polling.
  const polls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/api/v1/runs/${run.id}`)) polls.push(new URL(r.url()).pathname);
  });
  await api.setStatus(run.id, "succeeded");
  await expect(headerStatus(page, "succeeded")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/^Live:/)).toHaveCount(0);
  polls.length = 0;
  // Asserting that nothing happens takes time passing: several polling intervals. At most
  // the one last log read the finish triggers; no status polls at all.
  await page.waitForTimeout(7_000);
  expect(polls.filter((p) => p.endsWith("/logs")).length).toBeLessThanOrEqual(1);
  expect(polls.filter((p) => !p.endsWith("/logs"))).toEqual([]);
});

test("filters and cursors live in the URL, and an admin archives and unarchives a project after confirming", async ({ page, request }) => {
  const api = v1(request, key);
  const broken = await api.createRun(slug, "e2e filter broken", "running");
  await api.setStatus(broken.id, "failed");
  await api.createRun(slug, "e2e filter waiting");
  await signIn(page, "admin", `/projects?q=${slug}`);
  await expect(page.getByRole("link", { name: `E2E ${slug}` })).toBeVisible();
  await page.goto(`/projects?q=${slug}&status=archived`);
  await expect(page.getByText("No projects match these filters")).toBeVisible();

  await page.goto(`/projects/${slug}?status=failed&q=e2e+filter`);
  await expect(page.getByText("Runs (24 h)")).toBeVisible();
  await expect(page.getByRole("link", { name: "e2e filter broken" })).toBeVisible();
  await expect(page.getByRole("link", { name: "e2e filter waiting" })).toHaveCount(0);
  await page.goto(`/projects/${slug}?cursor=not-a-cursor`);
  await expect(page.getByText("This page link is no longer valid")).toBeVisible();

  await page.goto(`/projects/${slug}`);
  await confirmAction(page, "Archive", new RegExp(`^Archive project E2E ${slug} \\(${slug}\\)\\?$`), new RegExp(`E2E ${slug} archived`));
  await expect(page.locator("main header").getByText("archived", { exact: true })).toBeVisible();
  await confirmAction(page, "Unarchive", /^Unarchive project/, new RegExp(`E2E ${slug} unarchived`));
  await expect(page.locator("main header").getByText("archived", { exact: true })).toHaveCount(0);
  const actions = await withE2eDatabase(async (db) =>
    (await db.query("SELECT a.action FROM audit_events a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1 AND a.action LIKE 'project.%arch%' ORDER BY a.seq", [slug])).rows,
  );
  expect(actions).toEqual([{ action: "project.archive" }, { action: "project.unarchive" }]);
});
