import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "@/lib/security/headers";
import { requestIdFrom } from "@/lib/request/id";

describe("security headers", () => {
  it("production CSP allows scripts only by nonce", () => {
    const csp = contentSecurityPolicy("abc123", { production: true, https: true });
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("lets SSO form posts redirect to the configured provider only", () => {
    const csp = contentSecurityPolicy("n", { production: true, https: false, formActionOrigins: ["https://id.example.com"] });
    expect(csp).toContain("form-action 'self' https://id.example.com");
  });

  it("sends HSTS for a year in production and not in development", () => {
    const prod = Object.fromEntries(staticSecurityHeaders({ production: true, https: true }));
    expect(prod["Strict-Transport-Security"]).toMatch(/max-age=31536000/);
    expect(Object.fromEntries(staticSecurityHeaders({ production: false, https: false }))["Strict-Transport-Security"]).toBeUndefined();
  });

  it("makes a new 128-bit nonce each time", () => {
    const a = newNonce();
    expect(a).not.toBe(newNonce());
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });

  it("keeps sane request ids and replaces hostile ones", () => {
    expect(requestIdFrom("abc-12345678")).toBe("abc-12345678");
    expect(requestIdFrom("bad\r\nheader: x")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
