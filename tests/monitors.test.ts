import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { monitorChecks, monitorIncidents, monitors } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { createMonitor, deleteMonitor, updateMonitor } from "@/lib/monitors/mutations";
import { probe } from "@/lib/monitors/probe";
import { getMonitorBoard, SLOT_MINUTES } from "@/lib/monitors/queries";
import { runDueProbes } from "@/lib/monitors/run-probes";
import { monitorInputSchema } from "@/lib/monitors/schemas";
import { auditEventsFor, expectAuditChainIntact, unique } from "./support/api";
import { serveHttp, type LoopbackHttp } from "./support/loopback";
import { userAccess } from "./support/users";

// A real HTTP target on loopback whose behaviour the test switches: up, down by status,
// a body without the keyword, or never answering (timeout).
type Mode = "up" | "down" | "no-keyword" | "hang";
let mode: Mode = "up";
let server: LoopbackHttp;
let base = "";

beforeAll(async () => {
  server = await serveHttp((_req, res) => {
    if (mode === "hang") return; // close() drops the connection
    if (mode === "down") return void res.writeHead(500).end("broken");
    res.writeHead(200, { "content-type": "text/plain" }).end(mode === "up" ? "all systems OK" : "something else");
  });
  base = server.base;
});
afterAll(() => server.close());

describe("probe()", () => {
  const target = (over: Partial<Parameters<typeof probe>[0]> = {}) => ({ url: `${base}/health`, method: "GET", timeoutMs: 1_000, expectedStatus: 200, keyword: "OK", ...over });

  it("is up on the expected status with the keyword, down on another status, down without the keyword", async () => {
    mode = "up";
    expect(await probe(target())).toMatchObject({ ok: true, statusCode: 200, error: null });
    mode = "down";
    expect(await probe(target())).toMatchObject({ ok: false, statusCode: 500, error: "expected status 200, got 500" });
    mode = "no-keyword";
    expect(await probe(target())).toMatchObject({ ok: false, statusCode: 200, error: 'keyword "OK" not found in the response' });
  });

  it("gives up at the timeout (AbortSignal) when the target never answers", async () => {
    mode = "hang";
    const started = performance.now();
    const result = await probe(target({ timeoutMs: 300 }));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result).toMatchObject({ ok: false, statusCode: null, error: "no answer within 300 ms" });
  });
});

describe("monitor administration", () => {
  it("refuses non-http(s) URLs and URLs with credentials", () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:6379/_PING", "http://user:pw@example.com/", "not a url"]) {
      expect(monitorInputSchema.safeParse({ name: "x", url }).success, url).toBe(false);
    }
    expect(monitorInputSchema.safeParse({ name: "x", url: "https://example.com/health" }).success).toBe(true);
  });

  it("lets admins create, update and delete monitors, audited in the same transaction; operators are refused and audited", async () => {
    const admin = await userAccess("admin");
    const operator = await userAccess("operator");
    await expect(createMonitor(operator, { name: "nope", url: `${base}/` })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getDb().select().from(monitors).where(eq(monitors.name, "nope"))).toHaveLength(0);

    const m = await createMonitor(admin, { name: unique("api"), url: `${base}/health`, keyword: "OK" });
    expect(m.status).toBe("pending");
    await expect(createMonitor(admin, { name: m.name.toUpperCase(), url: `${base}/` })).rejects.toMatchObject({ code: "conflict" });
    const updated = await updateMonitor(admin, m.id, { name: m.name, url: `${base}/health`, keyword: "OK", intervalSeconds: 30 });
    expect(updated.intervalSeconds).toBe(30);
    await deleteMonitor(admin, m.id);
    await expect(deleteMonitor(admin, m.id)).rejects.toMatchObject({ code: "not_found" });

    for (const action of ["monitor.create", "monitor.update", "monitor.delete"]) expect(await auditEventsFor(action, m.id), action).toHaveLength(1);
    expect((await auditEventsFor("monitor.update", m.id))[0]!.changes).toMatchObject({ intervalSeconds: { from: 60, to: 30 } });
    const denials = await auditEventsFor("authz.denied");
    const operatorId = operator.principal.kind === "user" ? operator.principal.user.id : "";
    expect(denials.filter((e) => e.targetId === "monitors" && e.actorId === operatorId)).toHaveLength(1);
    await expectAuditChainIntact();
  });
});

describe("probe job: states, uptime, incidents, gaps", () => {
  it("follows a target going up → down → up, and shows a gap without probes as unknown", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { name: unique("target"), url: `${base}/health`, keyword: "OK", timeoutMs: 500, intervalSeconds: 60 });
    const row = async () => (await getDb().select().from(monitors).where(eq(monitors.id, m.id)))[0]!;
    const t0 = new Date(Math.floor(Date.now() / (SLOT_MINUTES * 60_000)) * SLOT_MINUTES * 60_000 - 10 * 3600_000);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const probeAt = async (minutes: number) => runDueProbes({ now: at(minutes), only: [await row()] });

    mode = "up";
    await probeAt(0);
    await probeAt(1);
    expect(await row()).toMatchObject({ status: "up" });
    expect((await row()).statusSince.getTime()).toBe(at(0).getTime());
    mode = "down";
    await probeAt(2);
    await probeAt(3);
    expect(await row()).toMatchObject({ status: "down" });
    expect((await row()).statusSince.getTime()).toBe(at(2).getTime());
    mode = "up";
    await probeAt(4);
    // The console was down for three hours: no probes, no checks.
    await probeAt(184);
    expect(await row()).toMatchObject({ status: "up" });

    const checks = await getDb().select().from(monitorChecks).where(eq(monitorChecks.monitorId, m.id));
    expect(checks.map((c) => c.ok)).toEqual([true, true, false, false, true, true]);
    const incidents = await getDb().select().from(monitorIncidents).where(eq(monitorIncidents.monitorId, m.id));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ startedAt: at(2), resolvedAt: at(4), cause: "expected status 200, got 500" });

    const board = await getMonitorBoard({ principal: { kind: "user", user: { id: "x", email: "x", name: null, role: "viewer", sessionId: "x" } }, meta: {} }, at(190));
    const entry = board.monitors.find((e) => e.id === m.id)!;
    expect(entry.uptime.h24).toBeCloseTo(4 / 6, 9);
    expect(entry.uptime.d30).toBeCloseTo(4 / 6, 9);
    expect(entry.openIncidentSince).toBeNull();
    const slotOf = (minutes: number) => entry.bar.findIndex((s) => new Date(s.start).getTime() <= at(minutes).getTime() && at(minutes).getTime() < new Date(s.start).getTime() + SLOT_MINUTES * 60_000);
    expect(entry.bar[slotOf(0)]!.state).toBe("down"); // minutes 0–4 share a slot with the failures
    expect(entry.bar[slotOf(60)]!.state).toBe("unknown");
    expect(entry.bar[slotOf(120)]!.state).toBe("unknown");
    expect(entry.bar[slotOf(184)]!.state).toBe("up");
    expect(board.incidents.find((i) => i.monitorId === m.id)).toMatchObject({ resolvedAt: at(4).toISOString() });
  });

  it("marks a timeout as down and reports down-since from the open incident", async () => {
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { name: unique("slow"), url: `${base}/health`, timeoutMs: 200 });
    mode = "hang";
    const now = new Date();
    const [current] = await getDb().select().from(monitors).where(eq(monitors.id, m.id));
    await runDueProbes({ now, only: [current!] });
    const board = await getMonitorBoard({ principal: { kind: "user", user: { id: "x", email: "x", name: null, role: "viewer", sessionId: "x" } }, meta: {} }, new Date(now.getTime() + 1000));
    const entry = board.monitors.find((e) => e.id === m.id)!;
    expect(entry.status).toBe("down");
    expect(entry.openIncidentSince).toBe(now.toISOString());
    expect(board.incidents.find((i) => i.monitorId === m.id)).toMatchObject({ resolvedAt: null, cause: "no answer within 200 ms" });
  });
});

describe("probe job timing", () => {
  it("probes a monitor every interval ± one tick, without drift, when ticking like the scheduler", async () => {
    // The scheduler ticks every second; a tick starts late by however long the previous one
    // took. The clock here is simulated (runDueProbes' `now`), so the test is about the due
    // grid and not about how loaded the machine is: 61 ticks, each 0–290 ms late, over a
    // minute, with a real HTTP target and the job's own due check.
    let hits = 0;
    const target = await serveHttp((_req, res) => {
      hits += 1;
      res.writeHead(200).end("OK");
    });
    const admin = await userAccess("admin");
    const m = await createMonitor(admin, { name: unique("timing"), url: `${target.base}/`, timeoutMs: 500, intervalSeconds: 10 });
    const t0 = Date.now();
    const ticks: number[] = [];
    try {
      for (let k = 0; k <= 60; k++) {
        const now = t0 + k * 1_000 + ((k * 37) % 300);
        ticks.push(now);
        await runDueProbes({ now: new Date(now) });
      }
    } finally {
      await target.close();
    }
    const checks = (await getDb().select().from(monitorChecks).where(eq(monitorChecks.monitorId, m.id))).map((c) => c.checkedAt.getTime()).sort((a, b) => a - b);
    const shown = `checks at +${checks.map((c) => c - t0).join(", +")} ms`;
    // One probe per interval: 0, 10, …, 60 s.
    expect(hits, shown).toBe(7);
    expect(checks, shown).toHaveLength(7);
    // Dated on the grid of the first check: no drift however late each tick ran.
    checks.forEach((c, i) => expect(c - checks[0]!, shown).toBe(i * 10_000));
    // Each probe ran on the first tick at or after its due time, so within one tick of it.
    for (const c of checks) {
      const ran = ticks.find((t) => t >= c)!;
      expect(ran - c, shown).toBeLessThan(1_000);
    }
  });
});
