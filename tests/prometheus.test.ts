import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { makeKey, makeProject } from "./support/api";
import { routeHandler } from "./support/route-server";
import { serve, type Served } from "./support/serve";
import { until } from "./support/until";

// The rules and the dashboard as operators load them: promtool checks and unit-tests the rules,
// and a real Prometheus (Debian's package; .ci/run installs it) scrapes a running instance
// (the real /api/metrics and v1 route handlers on a loopback port, with traffic) so every
// dashboard expression and recording rule goes through its query engine.

const PROMTOOL = "/usr/bin/promtool";
const PROMETHEUS = "/usr/bin/prometheus";
const RULES_DIR = path.resolve("deploy/prometheus");
const RULES = path.join(RULES_DIR, "opsdeck.rules.yml");
const DASHBOARD = path.resolve("deploy/grafana/opsdeck.json");

describe("Prometheus rules (promtool)", () => {
  it("are valid: promtool check rules", () => {
    expect(fs.existsSync(PROMTOOL), `${PROMTOOL} is missing: apt-get install prometheus`).toBe(true);
    const check = spawnSync(PROMTOOL, ["check", "rules", RULES], { encoding: "utf8" });
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  });

  it("pass their unit tests: every alert fires on its failure and stays quiet otherwise", () => {
    const test = spawnSync(PROMTOOL, ["test", "rules", "opsdeck.rules.test.yml"], { cwd: RULES_DIR, encoding: "utf8" });
    expect(test.status, `${test.stdout}${test.stderr}`).toBe(0);
    expect(test.stdout).toContain("SUCCESS");
  });

  it("have a unit test on both sides for every alert, and a severity, a for and a runbook for each", () => {
    const rules = fs.readFileSync(RULES, "utf8");
    const tests = fs.readFileSync(path.join(RULES_DIR, "opsdeck.rules.test.yml"), "utf8");
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    expect(alerts).toEqual(["OpsdeckInstanceDown", "OpsdeckReadinessFailing", "OpsdeckHigh5xxRatio", "OpsdeckHighLatencyP95", "OpsdeckDbPoolSaturated", "OpsdeckRateLimitBackendErrors", "OpsdeckSlowQueries"]);
    const blocks = rules.split("- alert: ").slice(1);
    for (const block of blocks) {
      expect(block).toMatch(/\n\s+for: \d+m/);
      expect(block).toMatch(/severity: (critical|warning)/);
      expect(block).toMatch(/runbook_url: "https:\/\/opsdeck\.example\.com\/[a-z]/);
    }
    // Each alert is expected to fire somewhere (exp_labels) and to stay quiet somewhere (exp_alerts: []).
    const cases = tests.split(/\n\s+- eval_time: /).slice(1);
    for (const alert of alerts) {
      const mine = cases.filter((c) => c.includes(`alertname: ${alert}\n`));
      expect(mine.some((c) => c.includes("exp_labels")), `${alert} fires in a test`).toBe(true);
      expect(mine.some((c) => /exp_alerts: \[\]/.test(c)), `${alert} stays quiet in a test`).toBe(true);
    }
  });
});

type Dashboard = {
  templating: { list: { name: string; type: string }[] };
  panels: { title: string; type: string; datasource: { uid: string }; targets: { expr: string }[] }[];
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("Grafana dashboard against a real Prometheus scraping an instance", () => {
  let instance: Served;
  let prometheus: ChildProcess;
  let promBase = "";
  let dir = "";

  const query = async (expr: string) => {
    const res = await fetch(`${promBase}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };

  beforeAll(async () => {
    const api = routeHandler();
    instance = await serve((request: NextRequest) => (new URL(request.url).pathname === "/api/metrics" ? metricsRoute(request) : api(request)));
    // Traffic: runs ingested, lists (cached reads), a 404.
    const owner = await makeKey();
    const project = await makeProject(owner);
    const auth = { authorization: `Bearer ${owner.key}` };
    for (let i = 0; i < 5; i++) {
      await fetch(`${instance.url}/api/v1/projects/${project.slug}/runs`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name: `run ${i}` }) }).then((r) => r.text());
    }

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdeck-prom-"));
    const port = await freePort();
    const target = new URL(instance.url).host;
    fs.copyFileSync(RULES, path.join(dir, "opsdeck.rules.yml"));
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [opsdeck.rules.yml]\nscrape_configs:\n  - job_name: opsdeck\n    metrics_path: /api/metrics\n    static_configs:\n      - targets: ["${target}"]\n`,
    );
    prometheus = spawn(PROMETHEUS, [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: "ignore" });
    promBase = `http://127.0.0.1:${port}`;
    // Ready, and enough scrapes for rate() over a few seconds.
    await until(
      async () => {
        try {
          const r = await query('count_over_time(up{job="opsdeck"}[1m])');
          return Number((r.data?.result[0] as { value?: [number, string] } | undefined)?.value?.[1] ?? 0) >= 6;
        } catch {
          return false;
        }
      },
      "six scrapes",
      40_000,
    );
    // Traffic between scrapes, so rates are above zero.
    for (let i = 0; i < 20; i++) {
      await fetch(`${instance.url}/api/v1/projects?limit=5`, { headers: auth }).then((r) => r.text());
      await fetch(`${instance.url}/api/v1/projects/${project.slug}/runs`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name: `more ${i}` }) }).then((r) => r.text());
      await fetch(`${instance.url}/api/v1/no-such-thing`, { headers: auth }).then((r) => r.text());
    }
    await until(async () => ((await query('rate(opsdeck_runs_ingested_total{job="opsdeck"}[5s])')).data?.result.length ?? 0) > 0, "runs in Prometheus", 20_000);
  }, 90_000);

  afterAll(async () => {
    prometheus?.kill("SIGTERM");
    await instance?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as Dashboard;
  // What Grafana substitutes: "All" is the variables' allValue (.+); the rate interval a few scrapes.
  const substitute = (expr: string) => expr.replaceAll("$__rate_interval", "5s").replaceAll("$instance", ".+").replaceAll("$route", ".+");

  it("declares a Prometheus datasource variable and instance and route variables, used by every panel", () => {
    expect(dashboard.templating.list.map((v) => `${v.name}:${v.type}`)).toEqual(["datasource:datasource", "instance:query", "route:query"]);
    for (const p of dashboard.panels) expect(p.datasource.uid, p.title).toBe("${datasource}");
    const titles = dashboard.panels.map((p) => p.title);
    for (const want of ["Request rate by route", "Errors (5xx) by route", "Latency percentiles", "Status classes", "Database pool", "Cache hit ratio", "Rate-limited requests", "Runs ingested", "Slow queries"]) expect(titles).toContain(want);
  });

  it("runs every panel's expression through Prometheus: all parse, the core ones return data", async () => {
    const core = new Set(["Instances up", "Ready", "Requests per second", "Request rate by route", "Latency percentiles", "Status classes", "Database pool", "Runs ingested", "Slow queries", "Rate-limited requests"]);
    const empty: string[] = [];
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const expr = substitute(target.expr);
        const answer = await query(expr);
        expect(answer.status, `${panel.title}: ${expr}: ${answer.error}`).toBe("success");
        if ((answer.data?.result.length ?? 0) === 0) empty.push(panel.title);
      }
    }
    expect(empty.filter((t) => core.has(t))).toEqual([]);
  });

  it("evaluates every recording rule: each parses, and the per-route rate, percentiles and ingest rate have data", async () => {
    const rules = fs.readFileSync(RULES, "utf8");
    const recorded = [...rules.matchAll(/- record: (\S+)/g)].map((m) => m[1]!);
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    for (const name of recorded) expect((await query(name)).status, name).toBe("success");
    for (const name of ["route:http_requests:rate5m", "route:http_request_duration_seconds:p95_5m", "job:http_requests:rate5m", "job:opsdeck_runs_ingested:rate5m", "instance:opsdeck_db_pool_busy:ratio"]) {
      await until(async () => ((await query(name)).data?.result.length ?? 0) > 0, `${name} recorded`, 15_000);
    }
    const res = await fetch(`${promBase}/api/v1/rules`).then((r) => r.json() as Promise<{ data: { groups: { rules: { health: string; name: string; lastError?: string }[] }[] } }>);
    for (const rule of res.data.groups.flatMap((g) => g.rules)) expect(rule.health, `${rule.name}: ${rule.lastError}`).toBe("ok");
  });
});
