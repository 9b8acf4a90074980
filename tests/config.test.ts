import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

describe("configuration", () => {
  it("applies defaults to an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, OPSDECK_DATA_DIR: ".data", SLOW_QUERY_MS: 100, isProduction: false });
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ OPSDECK_DEMO: "yes please" }, "OPSDECK_DEMO"],
    [{ OPSDECK_DATADIR: "/tmp" }, "OPSDECK_DATADIR"],
    [{ GITHUB_ID: "abc" }, "GITHUB_SECRET"],
    [{ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "x" }, "OIDC_CLIENT_SECRET"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET"],
  ])("stops on %j with one line naming %s", (env, variable) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toContain("\n");
  });

  it("treats a production build outside demo mode as production", () => {
    expect(parseConfig({ NODE_ENV: "production" }).isProduction).toBe(true);
    expect(parseConfig({ NODE_ENV: "production", OPSDECK_DEMO: "1" }).isProduction).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
