import { expect, test, type APIResponse } from "@playwright/test";
import { signIn } from "./support/auth";

function expectSecurityHeaders(res: APIResponse) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBeTruthy();
  expect(h["permissions-policy"]).toBeTruthy();
  expect(h["cross-origin-opener-policy"]).toBe("same-origin");
  expect(h["cross-origin-resource-policy"]).toBe("same-origin");
  expect(Number(/max-age=(\d+)/.exec(h["strict-transport-security"] ?? "")?.[1])).toBeGreaterThanOrEqual(15552000);
  expect(h["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
}

function countScripts(html: string) {
  const all = html.match(/<script\b/g)?.length ?? 0;
  const withNonce = html.match(/<script\b[^>]*\bnonce="[^"]+"/g)?.length ?? 0;
  return { all, withNonce };
}

test.describe("security headers", () => {
  test("on /login, every <script> carries the nonce", async ({ request }) => {
    const res = await request.get("/login");
    expect(res.status()).toBe(200);
    expectSecurityHeaders(res);
    const { all, withNonce } = countScripts(await res.text());
    expect(all).toBeGreaterThan(0);
    expect(withNonce).toBe(all);
    const nonce = /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"]!)![1];
    expect(await res.text()).toContain(`nonce="${nonce}"`);
  });

  test("on a signed-in page, every <script> carries the nonce", async ({ page }) => {
    await signIn(page, "admin");
    for (const path of ["/", "/admin/system"]) {
      const res = await page.request.get(path);
      expect(res.status()).toBe(200);
      expectSecurityHeaders(res);
      const { all, withNonce } = countScripts(await res.text());
      expect(all).toBeGreaterThan(0);
      expect(withNonce).toBe(all);
    }
  });

  test("on a 404", async ({ request }) => {
    const res = await request.get("/no-such-page-here");
    expect(res.status()).toBe(404);
    expectSecurityHeaders(res);
  });

  test("on /api/health/live, with a fresh nonce per response", async ({ request }) => {
    const a = await request.get("/api/health/live");
    const b = await request.get("/api/health/live");
    expect(a.status()).toBe(200);
    expectSecurityHeaders(a);
    expect(a.headers()["content-security-policy"]).not.toBe(b.headers()["content-security-policy"]);
    expect(a.headers()["x-request-id"]).not.toBe(b.headers()["x-request-id"]);
  });

  test("a sane incoming X-Request-Id is kept, a hostile one replaced", async ({ request }) => {
    const kept = await request.get("/api/health/live", { headers: { "X-Request-Id": "trace-abc-12345" } });
    expect(kept.headers()["x-request-id"]).toBe("trace-abc-12345");
    const replaced = await request.get("/api/health/live", { headers: { "X-Request-Id": "<script>x" } });
    expect(replaced.headers()["x-request-id"]).not.toContain("<");
  });
});

test.describe("health", () => {
  test("live and ready answer 200 with the database up", async ({ request }) => {
    expect((await request.get("/api/health/live")).status()).toBe(200);
    const ready = await request.get("/api/health/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", components: { database: { status: "up" } } });
  });
});
