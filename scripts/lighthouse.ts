// `npm run lighthouse [-- --base http://localhost:3000] [--desktop]`: Lighthouse 12.2.3 (mobile
// by default) on /login, /, a project page and /metrics of a running demo (`npm run demo`),
// signed in as the demo admin. Prints one line per page: performance, accessibility, TBT.
// Not part of `npm test`: scores depend on the machine it runs on.
import { say } from "./lib/output";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const args = process.argv.slice(2);
const base = args[args.indexOf("--base") + 1] && args.includes("--base") ? args[args.indexOf("--base") + 1]! : "http://localhost:3000";
const desktop = args.includes("--desktop");
const project = args.includes("--project") ? args[args.indexOf("--project") + 1]! : "api-gateway";

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
  for (const [path, signedIn] of [["/login", false], ["/", true], [`/projects/${project}`, true], ["/metrics", true]] as const) {
    const result = await lighthouse(
      `${base}${path}`,
      { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: signedIn ? { Cookie: cookie } : undefined },
      desktop ? { extends: "lighthouse:default", settings: { formFactor: "desktop", screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 } } } : undefined,
    );
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`no result for ${path}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const tbt = Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0);
    say(`${desktop ? "desktop" : "mobile"} ${path.padEnd(28)} performance ${score("performance")}  accessibility ${score("accessibility")}  TBT ${tbt} ms`);
  }
} finally {
  await chrome.kill();
}
