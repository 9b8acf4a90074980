// `npm run lighthouse [-- --base http://localhost:3000] [--desktop] [--runs 3] [--only /metrics]`:
// Lighthouse 12.2.3 (mobile by default) on /login, /, a project page and /metrics of a running
// demo (`npm run demo`), signed in as the demo admin. Prints one line per page: the median run's
// performance and accessibility and the metrics behind the score (FCP, LCP, TBT, CLS, speed
// index), and the host's Lighthouse benchmark index (BI: CPU speed as Lighthouse measures it;
// the same commit scores lower on a host with a lower index). Not part of `npm test`: scores
// depend on the machine it runs on.
import { say } from "./lib/output";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const args = process.argv.slice(2);
const base = args[args.indexOf("--base") + 1] && args.includes("--base") ? args[args.indexOf("--base") + 1]! : "http://localhost:3000";
const desktop = args.includes("--desktop");
const project = args.includes("--project") ? args[args.indexOf("--project") + 1]! : "api-gateway";
const runs = args.includes("--runs") ? Math.max(1, Number(args[args.indexOf("--runs") + 1]) || 1) : 1;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]! : null;

/** A next-auth session cookie for the demo admin, through the same credentials endpoint the login form posts to. */
async function sessionCookie(): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const body = new URLSearchParams({ csrfToken, email: "admin@example.com", password: "opsdeck-demo", callbackUrl: `${base}/`, json: "true" });
  const res = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", body, headers: { cookie: jar, "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${res.status}): is ${base} a demo instance?`);
  return session;
}

const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium", chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
try {
  const cookie = await sessionCookie();
  const pages = ([["/login", false], ["/", true], [`/projects/${project}`, true], ["/metrics", true]] as const).filter(([path]) => !only || path === only);
  for (const [path, signedIn] of pages) {
    const results: NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"][] = [];
    // A run Lighthouse itself could not record (NO_NAVSTART, NO_FCP: a trace hiccup, not a
    // property of the page) is said and run again, at most twice per page.
    for (let i = 0, retries = 0; i < runs; i++) {
      const result = await lighthouse(
        `${base}${path}`,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: signedIn ? { Cookie: cookie } : undefined },
        desktop ? { extends: "lighthouse:default", settings: { formFactor: "desktop", screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 } } } : undefined,
      );
      if (!result?.lhr) throw new Error(`no result for ${path}`);
      if (result.lhr.runtimeError) {
        say(`  ${path}: run ${i + 1} not recorded (${result.lhr.runtimeError.code})${retries < 2 ? ", running it again" : ""}`);
        if (retries++ < 2) i--;
        continue;
      }
      results.push(result.lhr);
    }
    if (results.length === 0) throw new Error(`Lighthouse recorded no run of ${path}`);
    const score = (lhr: (typeof results)[number], id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const lhr = results.sort((a, b) => score(a, "performance") - score(b, "performance"))[Math.floor(results.length / 2)]!;
    const ms = (id: string) => `${Math.round(lhr.audits[id]?.numericValue ?? 0)} ms`;
    const benchmark = Math.round(results.map((r) => r.environment.benchmarkIndex).sort((a, b) => a - b)[Math.floor(results.length / 2)]!);
    const all = runs > 1 ? `  (runs ${results.map((r) => score(r, "performance")).join(", ")})` : "";
    say(
      `${desktop ? "desktop" : "mobile"} ${path.padEnd(28)} performance ${score(lhr, "performance")}  accessibility ${score(lhr, "accessibility")}  ` +
        `FCP ${ms("first-contentful-paint")}  LCP ${ms("largest-contentful-paint")}  TBT ${ms("total-blocking-time")}  CLS ${(lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3)}  SI ${ms("speed-index")}  BI ${benchmark}${all}`,
    );
  }
} finally {
  await chrome.kill();
}
