import { randomBytes } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { DEMO, signIn, watchCspViolations, type DemoRole } from "./support/auth";
import { withE2eDatabase } from "./support/db";
import { readE2eSecrets } from "./support/env";
import { expectNoAxeViolations } from "./support/axe";

// Alerting end to end in the browser, against real local peers: a loopback HTTP target the
// spec stops, and a webhook receiver that checks each message's Standard Webhooks signature
// with the secret the console showed once. An admin creates the channel (channels are
// admin-only by design: a channel is where incident details go); an operator sends a test,
// writes a monitor_down rule, watches the incident open, acknowledges it, reads "what else
// happened" and resolves it. Axe-clean pages, no CSP violations; a viewer only reads.

type Received = { headers: http.IncomingHttpHeaders; body: string };

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function signedIn(browser: Browser, role: DemoRole, callbackUrl: string): Promise<{ page: Page; csp: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const csp = watchCspViolations(page);
  await signIn(page, role, callbackUrl);
  return { page, csp, close: () => context.close() };
}

/** POST /api/v1/monitors with the admin's session. */
async function createMonitor(page: Page, name: string, url: string) {
  const res = await page.request.post("/api/v1/monitors", { data: { name, url, intervalSeconds: 10 } });
  expect(res.status(), await res.text()).toBe(201);
}

/** The page's HTML as the server sends it; a request that lands on a keep-alive socket the server just closed is sent again. */
async function rawHtml(page: Page, url: string): Promise<string> {
  let html = "";
  await expect(async () => {
    html = await (await page.request.get(url)).text();
  }).toPass({ timeout: 15_000 });
  return html;
}


test.describe("alerting", () => {
  test("a monitor_down rule opens an incident that an operator acknowledges and resolves, with its context and deliveries", async ({ browser }) => {
    test.setTimeout(240_000);
    const suffix = Date.now().toString(36);
    const monitorName = `alert target ${suffix}`;
    const channelName = `e2e hook ${suffix}`;
    const ruleName = `e2e target down ${suffix}`;

    const target = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
    const targetUrl = `${await listen(target)}/ping`;
    const received: Received[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    // The path plays a token (as Slack's and many receivers' do): it is a secret too.
    const hookToken = `tok${randomBytes(12).toString("hex")}`;
    const hookUrl = `${await listen(receiver)}/hook/${hookToken}`;
    let targetStopped = false;

    const admin = await signedIn(browser, "admin", "/health");
    const operator = await signedIn(browser, "operator", "/alerts");
    try {
      // The admin registers the target as a monitor (as code, through the API: /health's form
      // has its own spec, which counts its action), and a webhook channel to the receiver.
      await createMonitor(admin.page, monitorName, targetUrl);

      await admin.page.goto("/alerts");
      await expect(admin.page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
      const channelForm = admin.page.getByRole("form", { name: "Create a channel" });
      await channelForm.getByLabel("Channel name").fill(channelName);
      await channelForm.getByLabel("Webhook URL").fill(hookUrl);
      await channelForm.getByRole("button", { name: "Create channel" }).click();
      const secretBox = admin.page.getByTestId("one-time-secret");
      await expect(secretBox).toHaveText(/^whsec_/);
      const signingSecret = (await secretBox.textContent())!.trim();
      await expect(admin.page.getByTestId("channel-row").filter({ hasText: channelName })).toBeVisible();
      await expectNoAxeViolations(admin.page, "/alerts as admin");
      // Shown once: after a reload only the masked hint is left.
      await admin.page.reload();
      await expect(admin.page.getByTestId("one-time-secret")).toHaveCount(0);
      expect(await admin.page.content()).not.toContain(signingSecret);
      await expect(admin.page.getByTestId("channel-row").filter({ hasText: channelName })).toContainText(`whsec_…${signingSecret.slice(-4)}`);

      // The operator sends a test: one signed message arrives, and the outcome is shown.
      const webhook = new Webhook(signingSecret);
      const verified = () => received.map((m) => webhook.verify(m.body, { "webhook-id": String(m.headers["webhook-id"]), "webhook-timestamp": String(m.headers["webhook-timestamp"]), "webhook-signature": String(m.headers["webhook-signature"]) }) as { type: string; incident: { id: string; title: string } | null });
      await operator.page.goto("/alerts");
      const channelRow = operator.page.getByTestId("channel-row").filter({ hasText: channelName });
      await expect(channelRow.getByRole("button", { name: "Delete" })).toHaveCount(0); // admins only
      await channelRow.getByRole("button", { name: `Send test to ${channelName}` }).click();
      await expect(channelRow.getByTestId("channel-test-outcome")).toHaveText(/^Test delivered: HTTP 204 in \d+ ms$/);
      expect(verified().map((m) => m.type)).toEqual(["incident.test"]);

      // The operator writes the rule in the browser: this monitor, down, at once, to the channel.
      const ruleForm = operator.page.getByRole("form", { name: "Create an alert rule" });
      await ruleForm.getByLabel("Rule name").fill(ruleName);
      await ruleForm.getByLabel("Signal and condition").selectOption("monitor_down");
      await ruleForm.getByLabel("Severity").selectOption("critical");
      await ruleForm.getByLabel("Monitor", { exact: true }).selectOption({ label: monitorName });
      await ruleForm.getByLabel("For (seconds the condition must hold)").fill("0");
      await ruleForm.getByRole("checkbox", { name: new RegExp(channelName) }).check();
      await ruleForm.getByRole("button", { name: "Create rule" }).click();
      await expect(operator.page.getByTestId("toast").filter({ hasText: `Rule ${ruleName} created` })).toBeVisible();
      const ruleRow = operator.page.getByTestId("rule-row").filter({ hasText: ruleName });
      await expect(ruleRow).toContainText(monitorName);
      await expect(ruleRow).toContainText(channelName);
      await expectNoAxeViolations(operator.page, "/alerts as operator");

      // Bad input is refused by the same schema, naming the field, and nothing is saved.
      await ruleForm.getByLabel("Rule name").fill(`${ruleName} bad`);
      await ruleForm.getByLabel("Repeat every (seconds, until acknowledged)").fill("5");
      await ruleForm.getByRole("button", { name: "Create rule" }).click();
      await expect(ruleForm.getByRole("alert")).toContainText("Repeat every is at least 60 seconds");
      await expect(ruleForm.getByTestId("field-error")).toHaveText("Repeat every is at least 60 seconds");
      await expect(ruleForm.getByLabel("Repeat every (seconds, until acknowledged)")).toHaveAttribute("aria-invalid", "true");
      await expect(operator.page.getByTestId("rule-row").filter({ hasText: `${ruleName} bad` })).toHaveCount(0);

      // The target goes away: a probe fails, the evaluator fires, the incident opens.
      await expect(async () => {
        const up = await withE2eDatabase(async (db) => (await db.query("SELECT status FROM monitors WHERE name = $1", [monitorName])).rows[0]?.status);
        expect(up).toBe("up");
      }).toPass({ timeout: 30_000 });
      await stop(target);
      targetStopped = true;
      await operator.page.goto(`/incidents?status=active`);
      const incidentLink = operator.page.getByRole("link", { name: `${monitorName} is down` });
      await expect(async () => {
        await operator.page.reload();
        await expect(incidentLink).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 90_000 });
      await expectNoAxeViolations(operator.page, "/incidents");
      await incidentLink.click();
      await expect(operator.page.getByRole("heading", { level: 1, name: `${monitorName} is down` })).toBeVisible();
      const incidentUrl = operator.page.url();
      const timeline = operator.page.getByTestId("incident-timeline");
      await expect(timeline).toContainText("Fired");

      // The firing message reaches the receiver, signed, naming this incident; its delivery is logged.
      const incidentId = incidentUrl.split("/").pop()!;
      await expect.poll(() => verified().filter((m) => m.type === "incident.firing" && m.incident?.id === incidentId).length, { timeout: 30_000 }).toBe(1);
      await expect(async () => {
        await operator.page.reload();
        await expect(operator.page.getByTestId("delivery-row").filter({ hasText: channelName }).filter({ hasText: "delivered" })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await expect(timeline).toContainText(`Delivered to ${channelName}`);

      // "What else happened": the monitor's own outage overlapped, as a link.
      const context = operator.page.getByTestId("incident-context");
      await expect(operator.page.getByRole("heading", { name: "What else happened" })).toBeVisible();
      await expect(context.getByRole("link", { name: `${monitorName} down` }).first()).toHaveAttribute("href", "/health");

      // Acknowledge: the timeline says who.
      await operator.page.getByRole("button", { name: "Acknowledge" }).click();
      await expect(operator.page.getByTestId("toast").filter({ hasText: "Incident acknowledged" })).toBeVisible();
      await expect(timeline).toContainText(`Acknowledged by ${DEMO.operator}`);
      await expect(operator.page.getByTestId("acknowledged-by")).toHaveText(`acknowledged by ${DEMO.operator}`);
      await expectNoAxeViolations(operator.page, "/incidents/[id]");

      // A blank note (spaces pass `required`): the schema's sentence under the field, nothing added.
      const noteForm = operator.page.getByRole("form", { name: "Add a note" });
      await noteForm.getByLabel("Note").fill("   ");
      await noteForm.getByRole("button", { name: "Add note" }).click();
      await expect(noteForm.getByTestId("field-error")).toHaveText("Write a note.");
      await expect(noteForm.getByLabel("Note")).toHaveAttribute("aria-invalid", "true");
      await noteForm.getByLabel("Note").fill("");

      // A viewer reads the same incident, without a single button to change it.
      const viewer = await signedIn(browser, "viewer", incidentUrl);
      await viewer.page.goto(incidentUrl);
      await expect(viewer.page.getByTestId("incident-timeline")).toContainText(`Acknowledged by ${DEMO.operator}`);
      await expect(viewer.page.getByRole("button", { name: /Acknowledge|Resolve|Snooze|Add note/ })).toHaveCount(0);
      await viewer.page.goto("/alerts");
      await expect(viewer.page.getByTestId("rule-row").filter({ hasText: ruleName })).toBeVisible();
      await expect(viewer.page.locator("main").getByRole("form")).toHaveCount(0);
      await expect(viewer.page.getByRole("button", { name: /Send test/ })).toHaveCount(0);
      expect(viewer.csp).toEqual([]);
      await viewer.close();

      // The operator disables the rule (through its edit link), so resolving by hand while the
      // target is still down does not open the next incident.
      await operator.page.goto("/alerts");
      await operator.page.getByTestId("rule-row").filter({ hasText: ruleName }).getByRole("link", { name: `Edit ${ruleName}` }).click();
      const editRule = operator.page.getByRole("form", { name: `Edit rule ${ruleName}` });
      await editRule.getByLabel("Enabled").uncheck();
      await editRule.getByRole("button", { name: "Save rule" }).click();
      await expect(operator.page).toHaveURL(/\/alerts$/);
      await expect(operator.page.getByTestId("rule-row").filter({ hasText: ruleName })).toContainText("disabled");
      await operator.page.goto(incidentUrl);

      // A note, then resolve (confirmed in a dialog that names the incident).
      await operator.page.getByLabel("Note", { exact: true }).fill("Target stopped by the e2e spec.");
      await operator.page.getByRole("button", { name: "Add note" }).click();
      await expect(timeline).toContainText("Target stopped by the e2e spec.");
      await operator.page.getByRole("button", { name: "Resolve", exact: true }).click();
      const dialog = operator.page.getByRole("dialog", { name: `Resolve ${monitorName} is down?` });
      await dialog.getByRole("button", { name: "Resolve incident" }).click();
      await expect(dialog).toBeHidden();
      await expect(timeline).toContainText(`Resolved by ${DEMO.operator}`);
      await expect(operator.page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
      await expect.poll(() => verified().filter((m) => m.type === "incident.resolved" && m.incident?.id === incidentId).length, { timeout: 30_000 }).toBe(1);

      // Audited in their transactions (the sequencer may still be chaining the last one).
      const audited = () => withE2eDatabase(async (db) => (await db.query("SELECT action FROM audit_events WHERE target_id = $1 AND actor_label = $2 ORDER BY occurred_at", [incidentId, DEMO.operator])).rows.map((r: { action: string }) => r.action));
      await expect.poll(audited).toEqual(["incident.acknowledge", "incident.note", "incident.resolve"]);
      // The leak crawl, over the alerting pages as rendered and as raw HTML: no channel secret
      // (signing secret, the URL's token) and none of the data dir's secrets.
      const secrets = [signingSecret, hookToken, ...Object.values(readE2eSecrets()).filter((v): v is string => typeof v === "string" && v.length >= 16)];
      for (const url of ["/alerts", "/incidents", incidentUrl, "/", "/health"]) {
        for (const who of [admin, operator]) {
          await who.page.goto(url);
          await expect(who.page.getByRole("heading", { level: 1 })).toBeVisible();
          const html = await who.page.content();
          const raw = await rawHtml(who.page, url);
          for (const secret of secrets) {
            expect(html.includes(secret), `${url} (DOM) contains a secret`).toBe(false);
            expect(raw.includes(secret), `${url} (HTML) contains a secret`).toBe(false);
          }
        }
      }
      expect(operator.csp).toEqual([]);
      expect(admin.csp).toEqual([]);
    } finally {
      // Deleting the monitor deletes its rule too; the incident stays, resolved.
      await withE2eDatabase((db) => db.query("DELETE FROM monitors WHERE name = $1", [monitorName])).catch(() => undefined);
      if (!targetStopped) await stop(target);
      await stop(receiver);
      await admin.close();
      await operator.close();
    }
  });

  test("a silence shows on /health and on the monitor it matches until an operator expires it; an admin edits and deletes a channel", async ({ browser }) => {
    test.setTimeout(120_000);
    const suffix = Date.now().toString(36);
    const monitorName = `silenced target ${suffix}`;
    const channelName = `spare hook ${suffix}`;
    const target = http.createServer((_req, res) => res.writeHead(200).end("ok"));
    const targetUrl = `${await listen(target)}/ping`;
    const admin = await signedIn(browser, "admin", "/health");
    const operator = await signedIn(browser, "operator", "/alerts");
    try {
      await createMonitor(admin.page, monitorName, targetUrl);

      // The operator silences that monitor for an hour.
      await operator.page.goto("/alerts");
      const form = operator.page.getByRole("form", { name: "Create a silence or maintenance window" });
      await form.getByLabel("Name (optional)").fill(`quiet ${suffix}`);
      await form.getByLabel("Matcher 1 label").fill("monitor");
      await form.getByLabel("Matcher 1 value").fill(monitorName);
      await form.getByLabel("Comment (optional)").fill("moving racks");
      await form.getByRole("button", { name: "Create silence" }).click();
      await expect(operator.page.getByTestId("toast").filter({ hasText: "Silence created" })).toBeVisible();
      const row = operator.page.getByTestId("silence-row").filter({ hasText: `quiet ${suffix}` });
      await expect(row).toContainText("muting now");
      await expect(row).toContainText(`monitor=${monitorName}`);
      await expect(row).toContainText(DEMO.operator);

      // No matcher: refused by the same schema the action uses, nothing saved.
      await form.getByLabel("Matcher 1 label").fill("");
      await form.getByRole("button", { name: "Create silence" }).click();
      await expect(form.getByRole("alert")).toContainText("add at least one matcher");

      // /health says what is muted, and the monitor carries it.
      await operator.page.goto("/health");
      await expect(operator.page.getByTestId("active-mutes")).toContainText(`quiet ${suffix}`);
      await expect(operator.page.getByTestId("monitor").filter({ hasText: monitorName }).getByText("alerts muted")).toBeVisible();
      await expectNoAxeViolations(operator.page, "/health with a silence");

      // Expired (confirmed in a dialog): gone from /alerts and from /health.
      await operator.page.goto("/alerts");
      await row.getByRole("button", { name: "Expire" }).click();
      await operator.page.getByRole("dialog", { name: `Expire quiet ${suffix} now?` }).getByRole("button", { name: `Expire quiet ${suffix}` }).click();
      await expect(row).toHaveCount(0);
      await operator.page.goto("/health");
      await expect(operator.page.getByTestId("monitor").filter({ hasText: monitorName })).toBeVisible();
      await expect(operator.page.getByTestId("monitor").filter({ hasText: monitorName }).getByText("alerts muted")).toHaveCount(0);

      // A rule's life in the form: created, edited through its link (the kind stays), deleted after a confirmation.
      const ruleName = `silenced rule ${suffix}`;
      await operator.page.goto("/alerts");
      const ruleForm = operator.page.getByRole("form", { name: "Create an alert rule" });
      await ruleForm.getByLabel("Rule name").fill(ruleName);
      await ruleForm.getByLabel("Signal and condition").selectOption("route_errors");
      await ruleForm.getByLabel("5xx share above (%)").fill("5");
      await ruleForm.getByLabel("Window (seconds)").fill("600");
      await ruleForm.getByRole("button", { name: "Create rule" }).click();
      const ruleRow = operator.page.getByTestId("rule-row").filter({ hasText: ruleName });
      for (const param of ["thresholdPercent=5", "windowSeconds=600", "minRequests=20"]) await expect(ruleRow).toContainText(param);
      await ruleRow.getByRole("link", { name: `Edit ${ruleName}` }).click();
      const editRule = operator.page.getByRole("form", { name: `Edit rule ${ruleName}` });
      await expect(editRule.getByLabel("Signal and condition")).toBeDisabled();
      await editRule.getByLabel("Severity").selectOption("info");
      await editRule.getByLabel("5xx share above (%)").fill("12.5");
      await editRule.getByRole("button", { name: "Save rule" }).click();
      await expect(operator.page).toHaveURL(/\/alerts$/);
      await expect(ruleRow).toContainText("thresholdPercent=12.5");
      await expect(ruleRow).toContainText("info");
      await ruleRow.getByRole("button", { name: "Delete" }).click();
      await operator.page.getByRole("dialog", { name: `Delete rule ${ruleName}?` }).getByRole("button", { name: `Delete ${ruleName}` }).click();
      await expect(ruleRow).toHaveCount(0);

      // An admin's channel: created, edited through its link, deleted after a confirmation.
      await admin.page.goto("/alerts");
      const channelForm = admin.page.getByRole("form", { name: "Create a channel" });
      await channelForm.getByLabel("Channel name").fill(channelName);
      await channelForm.getByLabel("Webhook URL").fill("http://127.0.0.1:9/spare");
      await channelForm.getByRole("button", { name: "Create channel" }).click();
      await expect(admin.page.getByTestId("one-time-secret")).toBeVisible();
      const channelRow = admin.page.getByTestId("channel-row").filter({ hasText: channelName });
      await channelRow.getByRole("link", { name: `Edit ${channelName}` }).click();
      const editForm = admin.page.getByRole("form", { name: `Edit channel ${channelName}` });
      await editForm.getByLabel("At most messages a minute").fill("5");
      await editForm.getByRole("button", { name: "Save channel" }).click();
      await expect(admin.page).toHaveURL(/\/alerts$/);
      await expect(channelRow.getByRole("cell", { name: "5", exact: true })).toBeVisible();
      await channelRow.getByRole("button", { name: "Send test" }).click();
      await expect(channelRow.getByTestId("channel-test-outcome")).toHaveText(/^Test failed \(connection\)/);
      await channelRow.getByRole("button", { name: "Delete" }).click();
      await admin.page.getByRole("dialog", { name: `Delete channel ${channelName}?` }).getByRole("button", { name: `Delete ${channelName}` }).click();
      await expect(channelRow).toHaveCount(0);
      expect(operator.csp).toEqual([]);
      expect(admin.csp).toEqual([]);
    } finally {
      await withE2eDatabase((db) => db.query("DELETE FROM monitors WHERE name = $1", [monitorName])).catch(() => undefined);
      await stop(target);
      await admin.close();
      await operator.close();
    }
  });

  test("the demo's open incident is first on the overview, and its failed deliveries show on its page", async ({ page }) => {
    const csp = watchCspViolations(page);
    await signIn(page, "viewer", "/");
    const open = page.getByTestId("open-incidents");
    await expect(open).toBeVisible();
    // Before the request pulse and the run cards: what needs someone now comes first.
    await expect(page.locator("main section").first()).toHaveAttribute("data-testid", "open-incidents");
    await open.getByRole("link", { name: /^Run API p95 over 1 s/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Run API p95 over 1 s/ })).toBeVisible();
    await expect(page.getByTestId("incident-timeline")).toContainText("Delivery to demo webhook (unreachable) failed");
    await expect(page.getByTestId("delivery-row").first()).toContainText("connection");
    await expectNoAxeViolations(page, "seeded incident");

    await page.goto("/incidents?status=resolved");
    await expect(page.getByRole("link", { name: /^Billing runs failing/ })).toBeVisible();
    await expect(page.getByLabel("Status")).toHaveValue("resolved");
    await page.getByRole("link", { name: /^Billing runs failing/ }).click();
    await expect(page.getByTestId("incident-timeline")).toContainText(`Acknowledged by ${DEMO.operator}`);
    await expect(page.getByTestId("delivery-row").first()).toContainText("dead");
    expect(csp).toEqual([]);
  });
});
