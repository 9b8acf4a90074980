import { expect, request as playwrightRequest, test, type Browser } from "@playwright/test";
import { signIn, signInWith, type DemoRole } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { readE2eSecrets } from "./support/env";
import { expectNoAxeViolations } from "./support/axe";

// Administration in the browser: users and roles across two sessions, an API key's whole
// life (created here, used by an HTTP client, revoked here), no secret in any page or
// response, and no axe violations on the admin pages.

const ADMIN_PAGES = ["/admin/users", "/admin/api-keys", "/admin/system"];

async function newSignedInPage(browser: Browser, role: DemoRole, callbackUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, role, callbackUrl);
  return { context, page };
}

test.describe("administration", () => {
  test("an operator created in the browser is demoted from another session, and their next action is refused", async ({ browser }) => {
    const admin = await newSignedInPage(browser, "admin", "/admin/users");
    const email = `op-${Date.now()}@example.com`;
    await admin.page.getByLabel("Email").fill(email);
    await admin.page.getByLabel("Role", { exact: true }).selectOption("operator");
    await admin.page.getByRole("button", { name: "Create user" }).click();
    const secret = admin.page.getByTestId("one-time-secret");
    await expect(secret).toBeVisible();
    const password = (await secret.textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await expect(admin.page.getByTestId(`user-row-${email}`)).toContainText("operator");

    // The new operator, in a browser of their own, opens a page only operators may use.
    const operatorContext = await browser.newContext();
    const operator = await operatorContext.newPage();
    await signInWith(operator, email, password, "/admin/api-keys");
    await expect(operator.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await operator.getByLabel("Name").fill(`refused-${Date.now()}`);

    // The admin demotes them to viewer, confirming in a dialog that names them.
    const row = admin.page.getByTestId(`user-row-${email}`);
    await row.getByLabel(`Role for ${email}`).selectOption("viewer");
    await row.getByRole("button", { name: "Save role" }).click();
    const dialog = admin.page.getByRole("dialog", { name: `Change the role of ${email} from operator to viewer?` });
    await dialog.getByRole("button", { name: "Make viewer" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("viewer");

    // The operator's very next action is refused.
    await operator.getByRole("button", { name: "Create key" }).click();
    await expect(operator.getByTestId("toast").filter({ hasText: "This needs the operator role" })).toBeVisible();
    const denied = await withE2eDatabase((db) =>
      db.query("SELECT 1 FROM audit_events WHERE action = 'authz.denied' AND actor_label = $1", [email]),
    );
    expect(denied.rowCount).toBeGreaterThan(0);
    // And the page itself is now a 403 for them.
    const res = await operator.goto("/admin/api-keys");
    expect(res?.status()).toBe(403);

    await operatorContext.close();
    await admin.context.close();
  });

  test("an API key created in the browser works for an HTTP client until it is revoked in the browser; no secret is ever shown again", async ({ browser, baseURL }) => {
    const admin = await newSignedInPage(browser, "admin", "/admin/api-keys");
    // Every response the console sends this browser passes through here and is read in full,
    // to search for secrets (routing, unlike listening, guarantees the whole body).
    const bodies: { url: string; method: string; body: string }[] = [];
    await admin.context.route("**/*", async (route) => {
      const response = await route.fetch();
      bodies.push({ url: route.request().url(), method: route.request().method(), body: await response.text() });
      await route.fulfill({ response });
    });
    const name = `ci-deploy-${Date.now()}`;
    await admin.page.getByLabel("Name").fill(name);
    await admin.page.getByRole("button", { name: "Create key" }).click();
    const secret = admin.page.getByTestId("one-time-secret");
    await expect(secret).toBeVisible();
    const key = (await secret.textContent())!.trim();
    expect(key).toMatch(/^opk_[0-9A-Za-z]{43}$/);

    const client = await playwrightRequest.newContext({ baseURL });
    const ok = await client.get("/api/v1/projects", { headers: { Authorization: `Bearer ${key}` } });
    expect(ok.status()).toBe(200);

    // The key travelled exactly once: in the creation action's answer (which proves the search works).
    const secrets = [key, "$argon2id$", readE2eSecrets().nextauthSecret];
    const carrying = () => bodies.filter((r) => secrets.some((s) => r.body.includes(s)));
    expect(carrying().map((r) => r.method)).toEqual(["POST"]);

    await admin.page.reload();
    const row = admin.page.getByTestId(`key-row-${name}`);
    await expect(row).toContainText("active");
    await row.getByRole("button", { name: "Revoke" }).click();
    const dialog = admin.page.getByRole("dialog", { name: new RegExp(`^Revoke key ${name} \\(opk_[0-9A-Za-z]{8}…\\)\\?$`) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("revoked");

    const refused = await client.get("/api/v1/projects", { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status()).toBe(401);
    await client.dispose();

    // A crawl of the admin pages (and the console's other pages), as rendered and as raw HTML.
    for (const url of [...ADMIN_PAGES, "/admin/system?rlKind=key&rl=" + key.slice(0, 12), "/"]) {
      await admin.page.goto(url);
      await expect(admin.page.getByRole("heading", { level: 1 })).toBeVisible();
      const html = await admin.page.content();
      const raw = await (await admin.context.request.get(url)).text();
      for (const s of secrets) {
        expect(html.includes(s), `${url} (DOM) contains a secret`).toBe(false);
        expect(raw.includes(s), `${url} (HTML) contains a secret`).toBe(false);
      }
    }
    expect(carrying().map((r) => r.method), "only the creation answer ever carried a secret").toEqual(["POST"]);
    await admin.context.close();
  });

  test("the admin pages have no axe violations and their controls are reachable by keyboard", async ({ browser }) => {
    const admin = await newSignedInPage(browser, "admin", "/admin/users");
    for (const url of ADMIN_PAGES) {
      await admin.page.goto(url);
      await expect(admin.page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAxeViolations(admin.page, url);
    }

    // Keyboard only: reach "Disable" for the demo viewer, open the dialog, and back out with Escape.
    await admin.page.goto("/admin/users");
    const disable = admin.page.getByTestId("user-row-viewer@example.com").getByRole("button", { name: "Disable" });
    await disable.focus();
    await admin.page.keyboard.press("Enter");
    const dialog = admin.page.getByRole("dialog", { name: "Disable viewer@example.com?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Keep it" })).toBeFocused();
    await expectNoAxeViolations(admin.page, "dialog");
    await admin.page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(disable).toBeFocused();
    await admin.context.close();
  });
});
