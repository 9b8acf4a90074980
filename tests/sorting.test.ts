import { inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listProjectsRoute } from "@/app/api/v1/projects/route";
import { GET as listRunsRoute } from "@/app/api/v1/projects/[slug]/runs/route";
import { auditFilterSchema } from "@/lib/audit/filters";
import { listAuditEvents } from "@/lib/audit/queries";
import { generateRuns } from "@/lib/demo/generate-runs";
import { getDb } from "@/lib/db/client";
import { encodeCursor, keyset, timeIdCursor, type Page, type SortDirection } from "@/lib/db/keyset";
import { projects, runs } from "@/lib/db/schema";
import { InvalidCursorError } from "@/lib/errors";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";
import { createRun } from "@/lib/runs/create";
import { listRunsForProject } from "@/lib/runs/queries";
import { listUsers } from "@/lib/users/list";
import { call, expectProblem, expectValidationProblem, makeKey, makeProject, unique, type TestKey } from "./support/api";
import { signedInUser } from "./support/users";

// Sorting the console's lists both ways: every order is the one asked for (ties broken by
// id), paging through it by cursor visits each row exactly once, and a cursor made by one
// sort is refused by every other (the lists' "invalid cursor", a 400 on the API).

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey();
});

/** Every page of `load`, `limit` rows at a time, following nextCursor to the end. */
async function walk<T>(load: (cursor: string | undefined) => Promise<Page<T>>): Promise<{ rows: T[]; cursors: string[] }> {
  const rows: T[] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await load(cursor);
    rows.push(...page.data);
    if (!page.nextCursor) return { rows, cursors };
    cursors.push(page.nextCursor);
    cursor = page.nextCursor;
  }
  throw new Error("the cursors never ended");
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** (key, id) order, as the keysets sort: ascending, or each part descending. */
const byKeyThenId = <T>(key: (t: T) => string, id: (t: T) => string, direction: SortDirection) => (a: T, b: T) => (direction === "asc" ? 1 : -1) * (cmp(key(a), key(b)) || cmp(id(a), id(b)));

describe("sorting projects", () => {
  let tag: string;
  let ids: string[];
  beforeAll(async () => {
    tag = unique("sortp");
    // Names with ties (three "a", two "b"), and created_at with ties: the id must break both.
    const letters = ["b", "a", "c", "a", "b", "a", "d"];
    ids = [];
    for (const [i, letter] of letters.entries()) ids.push((await createProject(admin.access, { slug: `${tag}-${i}`, name: `${tag} ${letter}` })).id);
    await getDb().execute(sql`UPDATE projects SET created_at = CASE WHEN right(slug, 1)::int % 2 = 0 THEN '2026-01-01T00:00:00.000001Z'::timestamptz ELSE '2026-01-02T00:00:00Z'::timestamptz END WHERE ${inArray(projects.id, ids)}`);
  });

  const all = (sort: "name" | "created", order: SortDirection, limit = 2) => walk((cursor) => listProjects(admin.access, { q: tag, status: "all", sort, order }, { limit, cursor }));

  for (const order of ["asc", "desc"] as const) {
    it(`pages by name ${order}, ties by id, every project exactly once`, async () => {
      const { rows } = await all("name", order);
      expect(rows.map((p) => p.id).sort()).toEqual([...ids].sort());
      expect(rows).toEqual([...rows].sort(byKeyThenId((p) => p.name, (p) => p.id, order)));
      expect(rows[0]!.name).toBe(order === "asc" ? `${tag} a` : `${tag} d`);
    });

    it(`pages by created ${order}, ties by id, every project exactly once`, async () => {
      const { rows } = await all("created", order);
      expect(rows.map((p) => p.id).sort()).toEqual([...ids].sort());
      expect(rows).toEqual([...rows].sort(byKeyThenId((p) => p.createdAt, (p) => p.id, order)));
      // Two groups sharing a created_at: four (even slugs) on the 1st, three on the 2nd.
      const group = order === "asc" ? 4 : 3;
      expect(new Set(rows.slice(0, group).map((p) => p.createdAt)).size).toBe(1);
      expect(rows[group]!.createdAt).not.toBe(rows[0]!.createdAt);
    });
  }

  it("is one order reversed by the other, and the default is created descending", async () => {
    const asc = (await all("name", "asc", 50)).rows.map((p) => p.id);
    const desc = (await all("name", "desc", 50)).rows.map((p) => p.id);
    expect(desc).toEqual([...asc].reverse());
    const byDefault = await listProjects(admin.access, { q: tag, status: "all" }, { limit: 50 });
    expect(byDefault.data.map((p) => p.id)).toEqual((await all("created", "desc", 50)).rows.map((p) => p.id));
    // Without order=, name sorts A→Z.
    expect((await listProjects(admin.access, { q: tag, status: "all", sort: "name" }, { limit: 50 })).data.map((p) => p.id)).toEqual(asc);
  });

  it("refuses another sort's cursor, either way round", async () => {
    const cursorOf = async (sort: "name" | "created", order: SortDirection) => (await listProjects(admin.access, { q: tag, status: "all", sort, order }, { limit: 2 })).nextCursor!;
    const combos = [["name", "asc"], ["name", "desc"], ["created", "asc"], ["created", "desc"]] as const;
    for (const [sort, order] of combos) {
      const cursor = await cursorOf(sort, order);
      for (const [other, otherOrder] of combos) {
        const load = listProjects(admin.access, { q: tag, status: "all", sort: other, order: otherOrder }, { limit: 2, cursor });
        if (other === sort && otherOrder === order) await expect(load).resolves.toMatchObject({ data: expect.any(Array) });
        else await expect(load, `${sort}.${order} cursor on ${other}.${otherOrder}`).rejects.toBeInstanceOf(InvalidCursorError);
      }
    }
  });

  it("takes sort/order on the API, a 400 for an unknown one or another sort's cursor", async () => {
    const get = (query: string) => call(listProjectsRoute, "GET", `/api/v1/projects${query}`, { key: admin.key });
    const first = await get(`?q=${tag}&status=all&sort=name&order=desc&limit=3`);
    expect(first.status, first.text).toBe(200);
    expect(first.json.data.map((p: { name: string }) => p.name)).toEqual([`${tag} d`, `${tag} c`, `${tag} b`]);
    const next = await get(`?q=${tag}&status=all&sort=name&order=desc&limit=3&cursor=${first.json.nextCursor}`);
    expect(next.json.data.map((p: { name: string }) => p.name)).toEqual([`${tag} b`, `${tag} a`, `${tag} a`]);
    expectProblem(await get(`?q=${tag}&status=all&cursor=${first.json.nextCursor}`), 400, "invalid_cursor");
    expectValidationProblem(await get("?sort=bogus"), "query.sort");
    expectValidationProblem(await get("?sort=name&order=sideways"), "query.order");
  });
});

describe("sorting a project's runs", () => {
  let slug: string;
  let ids: string[];
  beforeAll(async () => {
    slug = (await makeProject(admin, unique("sortr"))).slug;
    const names = ["deploy", "build", "test", "build", "deploy", "build", "lint", "test", "build"];
    ids = [];
    for (const name of names) ids.push((await createRun(admin.access, slug, { name })).id);
    // Three created_at values for nine runs: ties the id has to break.
    await getDb().execute(sql`UPDATE runs SET created_at = '2026-03-01T00:00:00Z'::timestamptz + (abs(hashtext(id::text)) % 3) * interval '1 minute' WHERE ${inArray(runs.id, ids)}`);
  });

  const all = (sort: "name" | "created", order: SortDirection, limit = 2) => walk((cursor) => listRunsForProject(admin.access, slug, { sort, order, status: undefined, fields: undefined }, { limit, cursor }));

  for (const sort of ["name", "created"] as const) {
    for (const order of ["asc", "desc"] as const) {
      it(`pages by ${sort} ${order}, ties by id, every run exactly once`, async () => {
        const { rows } = await all(sort, order);
        expect(rows.map((r) => r.id!).sort()).toEqual([...ids].sort());
        expect(rows).toEqual([...rows].sort(byKeyThenId((r) => (sort === "name" ? r.name! : r.createdAt!), (r) => r.id!, order)));
      });
    }
  }

  it("refuses a cursor of the other direction or sort, and the API pages by name", async () => {
    const asc = await listRunsForProject(admin.access, slug, { sort: "name", order: "asc", status: undefined, fields: undefined }, { limit: 2 });
    await expect(listRunsForProject(admin.access, slug, { sort: "name", order: "desc", status: undefined, fields: undefined }, { limit: 2, cursor: asc.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listRunsForProject(admin.access, slug, { status: undefined, fields: undefined }, { limit: 2, cursor: asc.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
    const newest = await listRunsForProject(admin.access, slug, { status: undefined, fields: undefined }, { limit: 2 });
    await expect(listRunsForProject(admin.access, slug, { sort: "created", order: "asc", status: undefined, fields: undefined }, { limit: 2, cursor: newest.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);

    const get = (query: string) => call(listRunsRoute, "GET", `/api/v1/projects/${slug}/runs${query}`, { key: admin.key, params: { slug } });
    const res = await get("?sort=name&limit=4&fields=name");
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.map((r: { name: string }) => r.name)).toEqual(["build", "build", "build", "build"]);
    expectProblem(await get(`?sort=name&order=desc&cursor=${res.json.nextCursor}`), 400, "invalid_cursor");
    expectValidationProblem(await get("?order=up"), "query.order");
  });
});

describe("the plans of the run sorts", () => {
  it("reads a generated project's runs in name and created order from an index, either way, without sorting them", async () => {
    const project = await makeProject(admin, unique("sortplan"));
    await generateRuns(getDb(), { runs: 5_000, projectSlug: project.slug, now: new Date("2026-03-01T00:00:00Z") });
    await getDb().execute(sql`ANALYZE runs`);
    const plan = async (column: "name" | "created_at", cast: string, from: string, direction: "ASC NULLS FIRST" | "DESC NULLS LAST") => {
      const cmp = direction.startsWith("ASC") ? ">" : "<";
      const { rows } = await getDb().execute<{ "QUERY PLAN": string }>(
        sql.raw(`EXPLAIN SELECT * FROM runs WHERE project_id = '${project.id}' AND (${column}, id) ${cmp} ('${from}'::${cast}, '80000000-0000-4000-8000-000000000000'::uuid)
                 ORDER BY ${column} ${direction}, id ${direction} LIMIT 51`),
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    for (const direction of ["ASC NULLS FIRST", "DESC NULLS LAST"] as const) {
      const byName = await plan("name", "text", "m", direction);
      expect(byName).toContain("runs_project_name_idx");
      expect(byName).not.toMatch(/\bSort\b/);
      const byCreated = await plan("created_at", "timestamptz", "2026-02-15T00:00:00Z", direction);
      expect(byCreated).toMatch(/Index Scan.* using runs_(project_)?(status_)?created_idx/);
      expect(byCreated).not.toMatch(/\bSort\b/);
    }
  });
});

describe("sorting the audit trail", () => {
  it("pages newest and oldest first, every event exactly once, and refuses the other order's cursor", async () => {
    const actor = await makeKey();
    for (let i = 0; i < 5; i++) await makeProject(actor, unique("sorta"));
    const filter = auditFilterSchema.parse({ actor: actor.id });
    const newest = await walk((cursor) => listAuditEvents(admin.access, filter, { limit: 2, cursor }, "desc"));
    const oldest = await walk((cursor) => listAuditEvents(admin.access, filter, { limit: 2, cursor }, "asc"));
    const seqs = newest.rows.map((e) => e.seq);
    expect(seqs).toHaveLength(5);
    expect(new Set(seqs).size).toBe(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(oldest.rows.map((e) => e.seq)).toEqual([...seqs].reverse());
    await expect(listAuditEvents(admin.access, filter, { limit: 2, cursor: newest.cursors[0] }, "asc")).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listAuditEvents(admin.access, filter, { limit: 2, cursor: oldest.cursors[0] }, "desc")).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("sorting users", () => {
  it("sorts by email, role and created, each direction the other reversed", async () => {
    const { ctx } = await signedInUser("admin");
    await signedInUser("viewer");
    await signedInUser("operator");
    const keys = { email: (u: { email: string }) => u.email, role: (u: { role: string }) => u.role, created: (u: { createdAt: string }) => u.createdAt };
    for (const key of ["email", "role", "created"] as const) {
      const asc = await listUsers(ctx, { key, direction: "asc" });
      const desc = await listUsers(ctx, { key, direction: "desc" });
      expect(asc.length).toBeGreaterThanOrEqual(3);
      expect(desc.map((u) => u.id)).toEqual(asc.map((u) => u.id).reverse());
      if (key !== "role") expect(asc.map(keys[key])).toEqual([...asc.map(keys[key])].sort());
    }
    // Roles in the enum's order (viewer, operator, admin), not alphabetical.
    const roles = (await listUsers(ctx, { key: "role", direction: "asc" })).map((u) => u.role);
    expect(roles.indexOf("viewer")).toBeLessThan(roles.lastIndexOf("admin"));
  });
});

describe("keyset", () => {
  it("orders ascending NULLS FIRST and descending NULLS LAST, the same index either way", () => {
    const render = (direction: SortDirection) => {
      const order = keyset([[projects.createdAt, "timestamptz"], [projects.id, "uuid"]], timeIdCursor, { direction });
      return getDb().select({ id: projects.id }).from(projects).where(order.after(encodeCursor(["2026-01-01T00:00:00Z", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]))).orderBy(...order.orderBy).toSQL().sql;
    };
    expect(render("asc")).toMatch(/\) > \(.*order by "projects"\."created_at" ASC NULLS FIRST, "projects"\."id" ASC NULLS FIRST/);
    expect(render("desc")).toMatch(/\) < \(.*order by "projects"\."created_at" DESC NULLS LAST, "projects"\."id" DESC NULLS LAST/);
  });
});
