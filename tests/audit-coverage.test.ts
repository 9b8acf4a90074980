import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registeredActions } from "@/lib/actions/define";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { ACTION_AUDIT, ROUTE_AUDIT } from "@/lib/audit/coverage";
import { isEdgeHandler } from "@/lib/http/methods";

// The registry of mutations against the audit mapping: a new route method or server action
// without an entry in lib/audit/coverage.ts fails here, and so does an entry naming an
// action nothing in lib/ writes.

const ROOT = path.resolve(import.meta.dirname, "..");
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"];

const filesNamed = (dir: string, name: string) =>
  (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => path.basename(f) === name).map((f) => path.join(dir, f));

async function mutatingRoutes(): Promise<string[]> {
  const out: string[] = [];
  for (const file of filesNamed("app/api", "route.ts")) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const route = `/${path.dirname(file).split(path.sep).join("/")}`.replace(/^\/app/, "");
    // The 405 and unknown-path refusals (lib/http/methods.ts) change nothing.
    for (const method of MUTATING) if (typeof mod[method] === "function" && !isEdgeHandler(mod[method])) out.push(`${method} ${route}`);
  }
  return out;
}

async function loadAllServerActions(): Promise<string[]> {
  const files = filesNamed("app", "actions.ts");
  for (const file of files) await import(path.join(ROOT, file));
  return files;
}

/** lib/ source, minus the list and the mapping themselves. */
function libSource(): string {
  return (readdirSync(path.join(ROOT, "lib"), { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/audit\/(actions|coverage)\.ts$/.test(f.split(path.sep).join("/")))
    .map((f) => readFileSync(path.join(ROOT, "lib", f), "utf8"))
    .join("\n");
}

describe("audit coverage of every mutation", () => {
  it("maps every POST/PUT/PATCH/DELETE route handler under app/api", async () => {
    const routes = await mutatingRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const unmapped = routes.filter((r) => !(r in ROUTE_AUDIT));
    expect(unmapped, "add these to ROUTE_AUDIT in lib/audit/coverage.ts").toEqual([]);
    const stale = Object.keys(ROUTE_AUDIT).filter((r) => !routes.includes(r));
    expect(stale, "entries for routes that no longer exist").toEqual([]);
  });

  it("maps every server action in the defineAction registry", async () => {
    const files = await loadAllServerActions();
    expect(files.length).toBeGreaterThanOrEqual(1);
    const names = registeredActions().map((a) => a.name);
    expect(names.length).toBeGreaterThanOrEqual(1);
    const unmapped = names.filter((n) => !(n in ACTION_AUDIT));
    expect(unmapped, "add these to ACTION_AUDIT in lib/audit/coverage.ts").toEqual([]);
    const stale = Object.keys(ACTION_AUDIT).filter((n) => !names.includes(n));
    expect(stale, "entries for actions that no longer exist").toEqual([]);
  });

  it("maps only to actions from the closed list that lib/ actually writes, and exemptions give a reason", () => {
    const source = libSource();
    for (const [name, coverage] of [...Object.entries(ROUTE_AUDIT), ...Object.entries(ACTION_AUDIT)]) {
      if (!Array.isArray(coverage)) {
        expect((coverage as { exempt: string }).exempt.length, name).toBeGreaterThan(10);
        continue;
      }
      expect(coverage.length, name).toBeGreaterThan(0);
      for (const action of coverage as string[]) {
        expect(AUDIT_ACTIONS, name).toContain(action);
        expect(source.includes(`"${action}"`), `${name}: nothing in lib/ writes ${action}`).toBe(true);
      }
    }
  });
});
