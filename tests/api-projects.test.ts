import { beforeAll, describe, expect, it } from "vitest";
import { GET as getProject, PATCH as patchProject } from "@/app/api/v1/projects/[slug]/route";
import { GET as listProjects, POST as postProject } from "@/app/api/v1/projects/route";
import { encodeCursor } from "@/lib/db/keyset";
import { projectPageSchema, projectSchema } from "@/lib/projects/dto";
import { createProject } from "@/lib/projects/mutations";
import { auditEventsFor, call, expectAuditChainIntact, expectProblem, expectValidationProblem, makeKey, makeProject, unique, type TestKey } from "./support/api";

let admin: TestKey;
beforeAll(async () => {
  admin = await makeKey({ scopes: ["projects:read", "projects:write"] });
});

const list = (query = "") => call(listProjects, "GET", `/api/v1/projects${query}`, { key: admin.key });

describe("POST /api/v1/projects", () => {
  it("answers 201 with the project and its Location, and audits project.create", async () => {
    const slug = unique("create");
    const res = await call(postProject, "POST", "/api/v1/projects", { key: admin.key, body: { slug, name: "  Checkout  ", description: "Payments" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/projects/${slug}`);
    expect(projectSchema.parse(res.json)).toMatchObject({ slug, name: "Checkout", description: "Payments", archived: false, archivedAt: null });
    const [event] = await auditEventsFor("project.create", res.json.id);
    expect(event).toMatchObject({ actorType: "api_key", actorId: admin.id, projectId: res.json.id, requestId: res.headers.get("x-request-id") });
  });

  it("answers 409 to a slug that is taken", async () => {
    const { slug } = await makeProject(admin);
    const res = await call(postProject, "POST", "/api/v1/projects", { key: admin.key, body: { slug, name: "Again" } });
    expectProblem(res, 409, "conflict");
    expect(res.json.slug).toBe(slug);
  });

  it("names every invalid field", async () => {
    const res = await call(postProject, "POST", "/api/v1/projects", { key: admin.key, body: { slug: "-bad-", name: "" } });
    expectValidationProblem(res, "body.slug");
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain("body.name");
  });
});

describe("GET /api/v1/projects", () => {
  it("pages newest first with a cursor, every project exactly once", async () => {
    const mine = new Set<string>();
    for (let i = 0; i < 7; i++) mine.add((await makeProject(admin, unique("page"))).slug);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=3&q=page-${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = projectPageSchema.parse(res.json);
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((p) => p.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(mine.size);
    expect(new Set(seen)).toEqual(mine);
    expect([...seen].reverse()).toEqual([...mine]);
  });

  it("clamps limit=1000000 to 200", async () => {
    for (let i = 0; i < 201; i++) await createProject(admin.access, { slug: unique("many"), name: "Many" });
    const res = await list("?limit=1000000");
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(200);
    expect(res.json.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ["garbage", "not-a-cursor!"],
    ["valid base64 of the wrong shape", encodeCursor(["yesterday", "x"])],
    ["valid shape with a non-uuid", Buffer.from(JSON.stringify(["2024-01-01T00:00:00.000Z", "'; drop table projects; --"])).toString("base64url")],
  ])("answers 400 to a forged cursor (%s)", async (_name, cursor) => {
    expectProblem(await list(`?cursor=${encodeURIComponent(cursor)}`), 400, "invalid_cursor");
  });

  it("filters by status and q", async () => {
    const archived = await makeProject(admin, unique("gone"));
    await call(patchProject, "PATCH", `/api/v1/projects/${archived.slug}`, { key: admin.key, params: { slug: archived.slug }, body: { archived: true } });
    const slugs = async (query: string) => (await list(query)).json.data.map((p: { slug: string }) => p.slug);
    expect(await slugs(`?q=${archived.slug}`)).toEqual([]);
    expect(await slugs(`?q=${archived.slug}&status=archived`)).toEqual([archived.slug]);
    expect(await slugs(`?q=${archived.slug}&status=all`)).toEqual([archived.slug]);
  });

  it("revalidates with ETag to 304", async () => {
    const first = await list("?limit=5");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await call(listProjects, "GET", "/api/v1/projects?limit=5", { key: admin.key, headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    await makeProject(admin);
    const changed = await call(listProjects, "GET", "/api/v1/projects?limit=5", { key: admin.key, headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
  });
});

describe("GET /api/v1/projects/{slug}", () => {
  it("answers the project, and 304 to its ETag", async () => {
    const project = await makeProject(admin);
    const res = await call(getProject, "GET", `/api/v1/projects/${project.slug}`, { key: admin.key, params: { slug: project.slug } });
    expect(res.status).toBe(200);
    expect(projectSchema.parse(res.json)).toEqual(project);
    const again = await call(getProject, "GET", `/api/v1/projects/${project.slug}`, { key: admin.key, params: { slug: project.slug }, headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("answers 404 to an unknown slug", async () => {
    expectProblem(await call(getProject, "GET", "/api/v1/projects/nope", { key: admin.key, params: { slug: "nope" } }), 404, "not_found");
  });
});

describe("PATCH /api/v1/projects/{slug}", () => {
  const patch = (slug: string, body: unknown) => call(patchProject, "PATCH", `/api/v1/projects/${slug}`, { key: admin.key, params: { slug }, body });

  it("updates name and description and audits project.update with before/after", async () => {
    const project = await makeProject(admin);
    const res = await patch(project.slug, { name: "Renamed", description: "Now described" });
    expect(res.status).toBe(200);
    expect(projectSchema.parse(res.json)).toMatchObject({ name: "Renamed", description: "Now described" });
    const [event] = await auditEventsFor("project.update", project.id);
    expect(event?.changes).toEqual({ name: { from: project.name, to: "Renamed" }, description: { from: "", to: "Now described" } });
  });

  it("archives and unarchives, auditing each", async () => {
    const project = await makeProject(admin);
    const archived = await patch(project.slug, { archived: true });
    expect(archived.json).toMatchObject({ archived: true, archivedAt: expect.any(String) });
    expect(await auditEventsFor("project.archive", project.id)).toHaveLength(1);
    const restored = await patch(project.slug, { archived: false });
    expect(restored.json).toMatchObject({ archived: false, archivedAt: null });
    expect(await auditEventsFor("project.unarchive", project.id)).toHaveLength(1);
  });

  it("answers 400 to an empty patch", async () => {
    const project = await makeProject(admin);
    expectValidationProblem(await patch(project.slug, {}));
  });
});

it("leaves an intact audit chain", async () => {
  await expectAuditChainIntact();
});
