import { expect, test } from "@playwright/test";
import { DEMO, signIn, watchCspViolations, type DemoRole } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { readE2eSecrets } from "./support/env";

test.describe("sign-in", () => {
  for (const role of Object.keys(DEMO) as DemoRole[]) {
    test(`the demo ${role} signs in and sees the overview without CSP violations`, async ({ page }) => {
      const violations = watchCspViolations(page);
      await signIn(page, role);
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      await expect(page.getByText(DEMO[role]).first()).toBeVisible();
      await page.reload();
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      expect(violations).toEqual([]);
    });
  }

  test("a wrong password shows an error and signs nobody in", async ({ page }) => {
    const violations = watchCspViolations(page);
    await page.goto("/login");
    await page.locator('input[name="email"]').fill(DEMO.viewer);
    await page.locator('input[name="password"]').fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    expect(violations).toEqual([]);
  });

  test("an anonymous visit to / redirects to /login", async ({ page, request }) => {
    const res = await request.get("/", { maxRedirects: 0 });
    expect([303, 307, 308]).toContain(res.status());
    expect(res.headers()["location"]).toMatch(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("sign-out revokes the session: replaying the old cookie is refused", async ({ page, browser }) => {
    await signIn(page, "operator");
    const cookies = await page.context().cookies();
    expect(cookies.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const res = await replay.request.get("/", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers()["location"]).toMatch(/\/login/);
    // next-auth's own session endpoint no longer names the user either.
    const session = await replay.request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
    await replay.close();
    const rows = await withE2eDatabase((db) =>
      db.query("SELECT 1 FROM audit_events WHERE action = 'auth.signout' AND actor_label = $1", [DEMO.operator]),
    );
    expect(rows.rowCount).toBeGreaterThan(0);
  });

  test("repeated failures for one email are refused with 429 and Retry-After", async ({ request }) => {
    const email = `nobody-${Date.now()}@example.com`;
    const attempt = async () => {
      const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      // A client's own X-Forwarded-For is not believed (TRUST_PROXY is off): limits and the audit trail see the socket.
      return request.post("/api/auth/callback/credentials", {
        form: { email, password: "wrong-password", csrfToken, json: "true" },
        headers: { "X-Forwarded-For": "203.0.113.7" },
        maxRedirects: 0,
      });
    };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status());
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    const refused = await attempt();
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    const failures = await withE2eDatabase((db) =>
      db.query("SELECT count(*)::int AS n, array_agg(DISTINCT ip) AS ips FROM audit_events WHERE action = 'auth.signin.failure' AND actor_label = $1", [email]),
    );
    expect(failures.rows[0].n).toBeGreaterThanOrEqual(5);
    expect(failures.rows[0].ips).not.toContain("203.0.113.7");
    for (const ip of failures.rows[0].ips) expect(["127.0.0.1", "::1"]).toContain(ip);
  });
});

test.describe("authorization", () => {
  for (const role of ["viewer", "operator"] as const) {
    test(`a ${role} opening /admin/system gets a 403 page and an audit row`, async ({ page }) => {
      await signIn(page, role);
      const before = await withE2eDatabase((db) =>
        db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'authz.denied' AND actor_label = $1", [DEMO[role]]),
      );
      const response = await page.goto("/admin/system");
      expect(response?.status()).toBe(403);
      await expect(page.getByText(/do not have access/i)).toBeVisible();
      await expect(page.getByRole("link", { name: "System" })).toHaveCount(0);
      const after = await withE2eDatabase((db) =>
        db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'authz.denied' AND actor_label = $1", [DEMO[role]]),
      );
      expect(after.rows[0].n).toBe(before.rows[0].n + 1);
    });
  }

  test("an admin sees the system page, and it shows no secret", async ({ page }) => {
    await signIn(page, "admin");
    await page.getByRole("link", { name: "System" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "System" })).toBeVisible();
    await expect(page.getByText(/embedded/i).first()).toBeVisible();
    const html = await page.content();
    for (const value of Object.values(readE2eSecrets())) expect(html).not.toContain(value);
  });
});
