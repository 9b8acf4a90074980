import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { createAlertRule } from "@/lib/alerts/rules";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as heartbeatRoute from "@/app/api/v1/heartbeats/[token]/route";
import * as heartbeatFailRoute from "@/app/api/v1/heartbeats/[token]/fail/route";
import { getDb } from "@/lib/db/client";
import { incidents, monitorChecks, monitorIncidents, monitors } from "@/lib/db/schema";
import { createMonitor, rotateHeartbeatToken } from "@/lib/monitors/mutations";
import { probe } from "@/lib/monitors/probe";
import { probeTcp, probeTls } from "@/lib/monitors/probe-socket";
import { runDueProbes } from "@/lib/monitors/run-probes";
import { monitorInputSchema } from "@/lib/monitors/schemas";
import { call, unique } from "./support/api";
import { serveHttp, type LoopbackHttp } from "./support/loopback";
import { userAccess } from "./support/users";

// Monitors beyond HTTP, each against a real local peer: a TCP listener, HTTPS servers with
// certificates made here by the openssl CLI (a private CA, a leaf expiring in 3 days, an
// expired one, a self-signed one), heartbeat pings through the route handlers, and an HTTP
// server answering JSON.

const row = async (id: string) => (await getDb().select().from(monitors).where(eq(monitors.id, id)))[0]!;

describe("tcp monitors", () => {
  it("are up while a loopback listener accepts, and down within one interval once it is closed", async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { type: "tcp", name: unique("tcp"), host: "127.0.0.1", port, intervalSeconds: 30, timeoutMs: 1000 });
    const t0 = new Date();
    await runDueProbes({ now: t0, only: [await row(m.id)] });
    expect(await row(m.id)).toMatchObject({ status: "up" });

    await new Promise<void>((r) => server.close(() => r()));
    // The next due tick (one interval later) finds it down.
    const next = new Date(t0.getTime() + 30_000);
    expect(await runDueProbes({ now: next, only: [await row(m.id)] })).toBe(1);
    const after = await row(m.id);
    expect(after.status).toBe("down");
    const [incident] = await getDb().select().from(monitorIncidents).where(eq(monitorIncidents.monitorId, m.id));
    expect(incident!.cause).toBe("ECONNREFUSED");
  });

  it("give up at the timeout against a peer that accepts but never completes a TLS handshake; refused is down", async () => {
    const server = net.createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const started = performance.now();
    const result = await probeTls({ host: "127.0.0.1", port, timeoutMs: 300, tlsAllowUntrusted: true, tlsExpiryDays: 14 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result).toMatchObject({ ok: false, error: "no connection within 300 ms" });
    server.close();
    expect(await probeTcp({ host: "127.0.0.1", port, timeoutMs: 300 })).toMatchObject({ ok: false, error: "ECONNREFUSED" });
  });

  it("validate host and port", () => {
    for (const bad of [{ host: "http://x", port: 80 }, { host: "a b", port: 80 }, { host: "x", port: 0 }, { host: "x", port: 70000 }, { host: "", port: 22 }]) {
      const r = monitorInputSchema.safeParse({ type: "tcp", name: "x", ...bad });
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
    expect(monitorInputSchema.safeParse({ type: "tcp", name: "x", host: "db.internal", port: 5432 }).success).toBe(true);
  });
});

describe("tls monitors", () => {
  let dir = "";
  const servers: https.Server[] = [];
  const certs: Record<string, { key: string; cert: string }> = {};
  let ca = "";

  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  async function serve(name: string): Promise<number> {
    const server = https.createServer({ key: certs[name]!.key, cert: certs[name]!.cert }, (_req, res) => res.end("ok"));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return (server.address() as net.AddressInfo).port;
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-tls-"));
    const subj = (cn: string) => ["-subj", `/O=Opsdeck Tests/CN=${cn}`];
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", ...subj("Opsdeck Test CA"), "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    ca = readFileSync(path.join(dir, "ca.pem"), "utf8");
    const leaf = (name: string, days: string[]) => {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, ...subj("localhost"));
      writeExt();
      openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-extfile", "ext.cnf", ...days);
      certs[name] = { key: readFileSync(path.join(dir, `${name}.key`), "utf8"), cert: readFileSync(path.join(dir, `${name}.pem`), "utf8") };
    };
    const writeExt = () => execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ext.cnf"], { cwd: dir });
    leaf("soon", ["-days", "3"]);
    leaf("fresh", ["-days", "200"]);
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "selfsigned.key", "-out", "selfsigned.pem", "-days", "90", ...subj("localhost"), "-addext", "subjectAltName=IP:127.0.0.1");
    certs.selfsigned = { key: readFileSync(path.join(dir, "selfsigned.key"), "utf8"), cert: readFileSync(path.join(dir, "selfsigned.pem"), "utf8") };
    // An expired leaf, valid from 10 to 2 days ago: openssl 3.0's x509 cannot backdate, its `ca` command can.
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired.key", "-out", "expired.csr", ...subj("localhost"));
    execFileSync("sh", ["-c", "mkdir -p newcerts && : > index.txt && echo 1000 > serial && printf '[ca]\\ndefault_ca=d\\n[d]\\ndir=.\\ndatabase=index.txt\\nnew_certs_dir=newcerts\\nserial=serial\\ndefault_md=sha256\\npolicy=p\\nunique_subject=no\\n[p]\\ncommonName=supplied\\n' > ca.cnf"], { cwd: dir });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
    openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "expired.csr", "-out", "expired.pem", "-startdate", day(-10), "-enddate", day(-2), "-notext");
    certs.expired = { key: readFileSync(path.join(dir, "expired.key"), "utf8"), cert: readFileSync(path.join(dir, "expired.pem"), "utf8") };
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a CA-signed certificate expiring in 3 days is degraded with days = 3, its issuer and subject reported", async () => {
    const port = await serve("soon");
    const result = await probeTls({ host: "127.0.0.1", port, timeoutMs: 2000, tlsAllowUntrusted: false, tlsExpiryDays: 14, ca: [ca] });
    expect(result).toMatchObject({ ok: true, degraded: true, error: "certificate expires in 3 days" });
    expect(result.detail?.tls).toMatchObject({ daysLeft: 3, chainValid: true, issuer: expect.stringContaining("CN=Opsdeck Test CA"), subject: expect.stringContaining("CN=localhost") });
    const fresh = await probeTls({ host: "127.0.0.1", port: await serve("fresh"), timeoutMs: 2000, tlsAllowUntrusted: false, tlsExpiryDays: 14, ca: [ca] });
    expect(fresh).toMatchObject({ ok: true, degraded: false, error: null });
    expect(fresh.detail?.tls?.daysLeft).toBe(200);
  });

  it("an expired certificate is down", async () => {
    const result = await probeTls({ host: "127.0.0.1", port: await serve("expired"), timeoutMs: 2000, tlsAllowUntrusted: true, tlsExpiryDays: 14, ca: [ca] });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^certificate expired on /);
    expect(result.detail?.tls?.daysLeft).toBeLessThan(0);
  });

  it("a self-signed certificate is down (chain invalid) unless the monitor allows it", async () => {
    const port = await serve("selfsigned");
    const strict = await probeTls({ host: "127.0.0.1", port, timeoutMs: 2000, tlsAllowUntrusted: false, tlsExpiryDays: 14 });
    expect(strict.ok).toBe(false);
    expect(strict.error).toMatch(/^chain invalid: /);
    expect(strict.detail?.tls?.chainValid).toBe(false);
    const lenient = await probeTls({ host: "127.0.0.1", port, timeoutMs: 2000, tlsAllowUntrusted: true, tlsExpiryDays: 14 });
    expect(lenient).toMatchObject({ ok: true, degraded: false });
  });

  it("a tls monitor goes degraded through the probe job, and an alert-visible status", async () => {
    const admin = await userAccess("admin");
    const port = await serve("selfsigned");
    const m = await createMonitor(admin, { type: "tls", name: unique("tls"), host: "127.0.0.1", port, tlsAllowUntrusted: true, tlsExpiryDays: 120, timeoutMs: 2000 });
    await runDueProbes({ only: [await row(m.id)] });
    const after = await row(m.id);
    expect(after.status).toBe("degraded");
    expect(after.detail?.tls?.daysLeft).toBe(90);
    const [check] = await getDb().select().from(monitorChecks).where(eq(monitorChecks.monitorId, m.id));
    expect(check).toMatchObject({ ok: true, degraded: true });

    // An alert rule that counts degraded fires before the certificate expires; a plain one does not.
    const operator = await userAccess("operator");
    const early = await createAlertRule(operator, { name: unique("cert"), kind: "monitor_down", monitorId: m.id, forSeconds: 0, params: { includeDegraded: true } });
    const plain = await createAlertRule(operator, { name: unique("down"), kind: "monitor_down", monitorId: m.id, forSeconds: 0, params: {} });
    await evaluateAlerts();
    const opened = await getDb().select().from(incidents).where(inArray(incidents.ruleId, [early.id, plain.id]));
    expect(opened.map((i) => i.ruleId)).toEqual([early.id]);
    expect(opened[0]!.title).toContain("is degraded");
  });
});

describe("http JSON assertion and response-time threshold", () => {
  let server: LoopbackHttp;
  beforeAll(async () => {
    server = await serveHttp((req, res) => {
      if (req.url === "/slow") return void setTimeout(() => res.writeHead(200).end("{}"), 120);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ db: { ok: req.url === "/ok" }, items: [{ name: "a" }] }));
    });
  });
  afterAll(() => server.close());

  it('is down with the assertion named when the server answers {"db":{"ok":false}}', async () => {
    const target = { method: "GET", timeoutMs: 1000, expectedStatus: 200, keyword: null, jsonPath: "$.db.ok", jsonExpected: "true" };
    const down = await probe({ ...target, url: `${server.base}/bad` });
    expect(down).toMatchObject({ ok: false, statusCode: 200 });
    expect(down.error).toBe("JSON assertion $.db.ok == true failed: got false");
    expect(await probe({ ...target, url: `${server.base}/ok` })).toMatchObject({ ok: true, error: null });
    expect(await probe({ ...target, url: `${server.base}/ok`, jsonPath: "$.items[0].name", jsonExpected: "a" })).toMatchObject({ ok: true });
    expect((await probe({ ...target, url: `${server.base}/ok`, jsonPath: "$.missing.x" })).error).toBe("JSON assertion $.missing.x == true: $.missing.x is missing");
  });

  it("is degraded when slower than the threshold", async () => {
    const slow = await probe({ url: `${server.base}/slow`, method: "GET", timeoutMs: 2000, expectedStatus: 200, keyword: null, degradedMs: 50 });
    expect(slow).toMatchObject({ ok: true, degraded: true });
    expect(slow.error).toMatch(/^answered in \d+ ms, over 50 ms$/);
  });

  it("validates the path and needs one with an expected value", () => {
    expect(monitorInputSchema.safeParse({ name: "x", url: "http://a/", jsonPath: "$.a[" }).success).toBe(false);
    expect(monitorInputSchema.safeParse({ name: "x", url: "http://a/", jsonExpected: "1" }).success).toBe(false);
    expect(monitorInputSchema.safeParse({ name: "x", url: "http://a/", jsonPath: "$.a", jsonExpected: "1", degradedMs: 500 }).success).toBe(true);
  });
});

describe("heartbeat monitors", () => {
  const ping = (token: string, method = "POST", body?: string) => call(heartbeatRoute[method as "POST"], method, `/api/v1/heartbeats/${token}`, { params: { token }, rawBody: body, headers: { "content-type": "text/plain" } });
  const fail = (token: string) => call(heartbeatFailRoute.POST, "POST", `/api/v1/heartbeats/${token}/fail`, { params: { token } });

  it("validates period xor cron", () => {
    expect(monitorInputSchema.safeParse({ type: "heartbeat", name: "x" }).success).toBe(false);
    expect(monitorInputSchema.safeParse({ type: "heartbeat", name: "x", heartbeatPeriodSeconds: 60, heartbeatCron: "* * * * *" }).success).toBe(false);
    expect(monitorInputSchema.safeParse({ type: "heartbeat", name: "x", heartbeatCron: "not a cron" }).success).toBe(false);
    expect(monitorInputSchema.safeParse({ type: "heartbeat", name: "x", heartbeatCron: "*/5 * * * *" }).success).toBe(true);
  });

  it("pings keep it up; no ping past period + grace → down with one incident; /fail → down at once; the body is kept to 1 kB", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { type: "heartbeat", name: unique("hb"), heartbeatPeriodSeconds: 60, heartbeatGraceSeconds: 30 });
    expect(m.heartbeatToken).toMatch(/^hb_[A-Za-z0-9_-]{43}$/);
    const stored = await row(m.id);
    expect(stored.heartbeatTokenHash).not.toContain(m.heartbeatToken);
    expect(JSON.stringify(stored)).not.toContain(m.heartbeatToken!);

    expect((await ping(m.heartbeatToken!, "POST", "x".repeat(5000))).status).toBe(200);
    expect(await row(m.id)).toMatchObject({ status: "up" });
    expect((await row(m.id)).lastPingBody).toHaveLength(1024);
    expect((await ping(m.heartbeatToken!, "GET")).status).toBe(200);
    const lastPing = (await row(m.id)).lastPingAt!;

    // Within period + grace: still up. Past it: down, one incident, however often judged.
    await runDueProbes({ now: new Date(lastPing.getTime() + 80_000) });
    expect(await row(m.id)).toMatchObject({ status: "up" });
    await runDueProbes({ now: new Date(lastPing.getTime() + 91_000) });
    expect(await row(m.id)).toMatchObject({ status: "down" });
    await runDueProbes({ now: new Date(lastPing.getTime() + 95_000) });
    const incidents = await getDb().select().from(monitorIncidents).where(eq(monitorIncidents.monitorId, m.id));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.cause).toMatch(/^no ping since /);

    expect((await ping(m.heartbeatToken!)).status).toBe(200);
    expect(await row(m.id)).toMatchObject({ status: "up" });
    expect((await fail(m.heartbeatToken!)).status).toBe(200);
    expect(await row(m.id)).toMatchObject({ status: "down" });
    const all = await getDb().select().from(monitorIncidents).where(eq(monitorIncidents.monitorId, m.id));
    expect(all.map((i) => i.cause)).toContain("the job reported a failure");

    // Rotation: the old token stops working at once.
    const rotated = await rotateHeartbeatToken(admin, m.id);
    expect((await ping(m.heartbeatToken!)).status).toBe(404);
    expect((await ping(rotated.heartbeatToken!)).status).toBe(200);
  });

  it("a cron heartbeat is down when the scheduled run did not ping within grace", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { type: "heartbeat", name: unique("hbcron"), heartbeatCron: "0 * * * *", heartbeatGraceSeconds: 60 });
    const created = (await row(m.id)).createdAt;
    const nextHour = new Date(Math.ceil(created.getTime() / 3_600_000) * 3_600_000);
    await runDueProbes({ now: new Date(nextHour.getTime() + 30_000), only: [await row(m.id)] });
    expect((await row(m.id)).status).toBe("pending");
    await runDueProbes({ now: new Date(nextHour.getTime() + 61_000), only: [await row(m.id)] });
    expect(await row(m.id)).toMatchObject({ status: "down" });
  });

  it("is rate-limited per token: past the limit a ping answers 429 with Retry-After", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { type: "heartbeat", name: unique("hbrate"), heartbeatPeriodSeconds: 60 });
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await ping(m.heartbeatToken!, "GET")).status);
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    const limited = await ping(m.heartbeatToken!, "GET");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a wrong token is 404 problem+json, the same answer as a malformed one, and changes nothing", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { type: "heartbeat", name: unique("hbwrong"), heartbeatPeriodSeconds: 60 });
    const before = await row(m.id);
    // Timing (right vs wrong token, within 1 ms) is measured in bench/status-page.ts.
    const answers = [];
    for (const token of [`hb_${"A".repeat(43)}`, "short", `${m.heartbeatToken!.slice(0, -1)}${m.heartbeatToken!.endsWith("A") ? "B" : "A"}`]) {
      const res = await ping(token);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = res.json as Record<string, unknown>;
      answers.push({ type: body.type, title: body.title, status: body.status });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const after = await row(m.id);
    expect(after.lastPingAt).toEqual(before.lastPingAt);
    expect(after.status).toBe(before.status);
  });
});
