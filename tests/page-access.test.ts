import fs from "node:fs";
import path from "node:path";
import { and, count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { pageForPath, PAGES, pagesFor, type ConsolePage } from "@/lib/auth/pages";
import { ROLES, roleAtLeast, type Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { runInRequestScope } from "@/lib/request/scope";
import { signedInUser } from "./support/users";

// Every console page enforces its row of the page table (lib/auth/pages.ts), the same table
// the navigation is built from: each page.tsx under app/(console) is called as anonymous and
// as every role. Below the row's role it must stop with Next's 403 (after an authz.denied
// event); anonymous callers are redirected to /login; from the row's role up it goes on.
// Pages are found on disk, so a new page is checked without anyone listing it.

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS ??= "true"; // next.config sets experimental.authInterrupts

const ROOT = path.resolve(import.meta.dirname, "..");
const CONSOLE = path.join(ROOT, "app", "(console)");

function pageFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pageFiles(full, out);
    else if (entry.name === "page.tsx") out.push(full);
  }
  return out;
}

/** "app/(console)/projects/[slug]/page.tsx" → "/projects/[slug]" */
const pathOf = (file: string) => `/${path.relative(CONSOLE, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";

const pages = pageFiles(CONSOLE).map((file) => ({ file, route: pathOf(file), row: pageForPath(pathOf(file)) }));

type Outcome = "rendered" | "forbidden" | "redirected" | "other error";

function outcomeOf(err: unknown): Outcome {
  const digest = (err as { digest?: string } | null)?.digest ?? "";
  if (digest.endsWith(";403")) return "forbidden";
  if (digest.startsWith("NEXT_REDIRECT")) return "redirected";
  // notFound() for the made-up slug or id of a page below a listed one: past the check.
  if (digest.endsWith(";404")) return "rendered";
  return "other error";
}

const users: Partial<Record<Role, { id: string; sessionId: string }>> = {};
beforeAll(async () => {
  for (const role of ROLES) users[role] = await signedInUser(role);
});

async function visit(page: (typeof pages)[number], caller: Role | "anonymous"): Promise<{ outcome: Outcome; error?: unknown }> {
  const mod = (await import(page.file)) as { default: (props: unknown) => Promise<unknown> };
  const params = Promise.resolve({ slug: "no-such-project", id: "00000000-0000-4000-8000-000000000000" });
  const props = { params, searchParams: Promise.resolve({}) };
  const sessionId = caller === "anonymous" ? null : users[caller]!.sessionId;
  try {
    await runInRequestScope({ headers: { "x-opsdeck-path": page.route }, sessionId }, () => mod.default(props));
    return { outcome: "rendered" };
  } catch (err) {
    return { outcome: outcomeOf(err), error: err };
  }
}

async function deniedSince(userId: string, since: Date, resource: string): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "authz.denied"), eq(auditEvents.actorId, userId), eq(auditEvents.targetId, resource), gt(auditEvents.occurredAt, since)));
  return row!.n;
}

describe("the page table", () => {
  it("has a row for every console page on disk, and every row is a page", () => {
    expect(pages.filter((p) => !p.row).map((p) => p.route)).toEqual([]);
    const routes = new Set(pages.map((p) => p.route));
    expect(PAGES.filter((row) => !routes.has(row.href)).map((row) => row.href)).toEqual([]);
  });

  it("puts Alerts and Incidents in every role's navigation, with an incident's page under /incidents", () => {
    for (const role of ROLES) expect(pagesFor(role).map((p) => p.label)).toEqual(expect.arrayContaining(["Alerts", "Incidents"]));
    expect(pages.map((p) => p.route)).toEqual(expect.arrayContaining(["/alerts", "/incidents", "/incidents/[id]"]));
    expect(pageForPath("/incidents/[id]")?.href).toBe("/incidents");
  });

  it("is read by every page: each calls requirePage with its own row first", () => {
    for (const page of pages) {
      const source = fs.readFileSync(page.file, "utf8");
      expect(source, `${page.route} calls requirePage("${page.row?.href}")`).toContain(`requirePage("${page.row?.href}")`);
    }
  });
});

describe.each(pages.map((p) => [p.route, p] as const))("page %s", (_route, page) => {
  const row = page.row as ConsolePage;

  it("redirects an anonymous visitor to /login", async () => {
    expect((await visit(page, "anonymous")).outcome).toBe("redirected");
  });

  it.each(ROLES)(`as %s: allowed from ${row?.minRole} up`, async (role) => {
    const since = new Date(Date.now() - 1);
    const { outcome, error } = await visit(page, role);
    if (roleAtLeast(role, row.minRole)) {
      expect(outcome, `${page.route} as ${role}: ${String(error)}`).not.toBe("forbidden");
      expect(outcome).not.toBe("redirected");
    } else {
      expect(outcome, `${page.route} as ${role}`).toBe("forbidden");
      expect(await deniedSince(users[role]!.id, since, `page:${row.href}`)).toBe(1);
    }
  });
});
