import { expect, test, type Page } from "@playwright/test";
import { watchCspViolations } from "./support/auth";
import { SINK_PORT, type Envelope } from "./support/envelope-sink";

// Browser Sentry, end to end: an error thrown while a client component renders is caught by
// the segment's error boundary and reported to the DSN — here a local envelope sink — once,
// tagged with the request id of the page, and with no secret in the envelope.

const sink = `http://127.0.0.1:${SINK_PORT}/envelopes`;

async function envelopes(page: Page): Promise<Envelope[]> {
  return (await (await page.request.get(sink)).json()) as Envelope[];
}

type SentryEvent = { exception?: { values?: { value?: string }[] }; tags?: Record<string, string>; request?: unknown };
const eventsMentioning = (all: Envelope[], marker: string) =>
  all.flatMap((e) => e.items.filter((i) => i.header.type === "event").map((i) => i.payload as SentryEvent)).filter((ev) => JSON.stringify(ev.exception ?? {}).includes(marker));

async function throwOn(page: Page, marker: string): Promise<string> {
  const response = await page.goto(`/e2e-faults/client-error?marker=${marker}`);
  expect(response?.status()).toBe(200);
  const requestId = response!.headers()["x-request-id"]!;
  await page.getByRole("button", { name: "Throw" }).click();
  await expect(page.getByText("The page could not be loaded")).toBeVisible();
  return requestId;
}

/**
 * The events reporting `marker`, counted only once a later error has arrived too: by then,
 * anything the first would still send (a second report) has arrived as well. Checks the one
 * event carries the page's request id and that no envelope holds a secret.
 */
async function expectReportedOnce(page: Page, marker: string, requestId: string, secrets: string[]): Promise<void> {
  await expect.poll(async () => eventsMentioning(await envelopes(page), marker).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const later = `${marker}later`;
  await throwOn(page, later);
  await expect.poll(async () => eventsMentioning(await envelopes(page), later).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const all = await envelopes(page);
  const events = eventsMentioning(all, marker).filter((ev) => !JSON.stringify(ev.exception).includes(later));
  expect(events).toHaveLength(1);
  expect(events[0]!.tags?.request_id).toBe(requestId);
  const raw = all.map((e) => e.raw).join("\n");
  for (const secret of secrets) expect(raw).not.toContain(secret);
}

test.describe("Sentry in the browser", () => {
  test("an error thrown in a client component reaches the envelope sink once, with the request id tag and no secrets", async ({ page }) => {
    const violations = watchCspViolations(page);
    const marker = `m${Date.now().toString(36)}`;
    const requestId = await throwOn(page, marker);
    await expectReportedOnce(page, marker, requestId, ["hunter2-e2e", "opk_e2eSecretKey1234", "next-auth.session-token"]);
    expect(violations).toEqual([]);
  });

  test("an error in the root layout renders global-error.tsx, which reports it once", async ({ page }) => {
    const violations = watchCspViolations(page);
    const marker = `g${Date.now().toString(36)}`;
    const response = await page.goto(`/login?layout-fault=${marker}`);
    expect(response?.status()).toBe(200);
    const requestId = response!.headers()["x-request-id"]!;
    // global-error.tsx replaced the whole document (its own <html>, no sign-in form).
    await expect(page.getByRole("heading", { name: "Opsdeck could not load" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await expect(page.locator("input#email")).toHaveCount(0);
    await expectReportedOnce(page, marker, requestId, ["hunter2-e2e", "opk_e2eSecretKey1234"]);
    expect(violations).toEqual([]);
  });
});
