import { describe, expect, it } from "vitest";
import { auditHref } from "@/app/(console)/audit/search-params";
import { parseAuditSearch } from "@/app/(console)/audit/validated-search";
import { diffRows } from "@/lib/audit/diff";
import { auditFilterSchema } from "@/lib/audit/filters";
import { actorHref, auditHistoryHref, requestHrefs, targetHref } from "@/lib/audit/links";

describe("the /audit view's pure parts", () => {
  it("diffRows puts from/to side by side and a created value on the after side", () => {
    expect(diffRows({ status: { from: "running", to: "cancelled" }, name: "x", meta: { from: null, to: { a: 1 } } })).toEqual([
      { field: "meta", before: "null", after: '{\n  "a": 1\n}', changed: true },
      { field: "name", before: null, after: "x", changed: true },
      { field: "status", before: "running", after: "cancelled", changed: true },
    ]);
    expect(diffRows(null)).toEqual([]);
  });

  it("links events to their target, actor and request", () => {
    const slugs = new Map([["p1", "web"]]);
    expect(targetHref({ targetType: "run", targetId: "r1", targetLabel: null, projectId: "p1" }, slugs)).toBe("/projects/web/runs/r1");
    expect(targetHref({ targetType: "run", targetId: "r1", targetLabel: null, projectId: "unknown" }, slugs)).toBeNull();
    expect(targetHref({ targetType: "project", targetId: "p1", targetLabel: "web", projectId: "p1" }, slugs)).toBe("/projects/web");
    expect(targetHref({ targetType: "user", targetId: "u1", targetLabel: null, projectId: null }, slugs)).toBe("/admin/users?user=u1");
    expect(targetHref({ targetType: "api_key", targetId: "k1", targetLabel: null, projectId: null }, slugs)).toBe("/admin/api-keys?key=k1");
    expect(targetHref({ targetType: "resource", targetId: "x", targetLabel: null, projectId: null }, slugs)).toBeNull();
    expect(actorHref({ actorType: "user", actorId: "u1" })).toBe("/admin/users?user=u1");
    expect(actorHref({ actorType: "system", actorId: null })).toBeNull();
    expect(requestHrefs("req 1")).toEqual({ metrics: "/metrics?requestId=req%201", queries: "/queries?requestId=req%201" });
    expect(auditHistoryHref("run", "r1")).toBe("/audit?targetType=run&targetId=r1");
  });

  it("reads filters from the URL, ignoring empty fields, and keeps them in links", () => {
    const search = parseAuditSearch({ action: "run.*", actor: "", targetId: "r1", cursor: "abc", event: "12", other: "x" });
    expect(search.filter).toMatchObject({ action: expect.arrayContaining(["run.cancel", "run.create"]), targetId: "r1" });
    expect(search.filter?.actor).toBeUndefined();
    expect(search).toMatchObject({ cursor: "abc", event: 12, errors: [] });
    expect(auditHref(search.filterParams, { event: 3 })).toBe("/audit?action=run.*&targetId=r1&event=3");
    const bad = parseAuditSearch({ action: "nope", since: "yesterday" });
    expect(bad.filter).toBeNull();
    expect(bad.errors.join(" ")).toMatch(/action.*since|since.*action/);
  });

  it("the action filter takes exact actions and groups, and refuses unknown ones", () => {
    expect(auditFilterSchema.parse({ action: "run.cancel,project" }).action).toEqual(["run.cancel", "project.create", "project.update", "project.archive", "project.unarchive"]);
    expect(auditFilterSchema.safeParse({ action: "run.nope" }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ action: "nope.*" }).success).toBe(false);
  });
});
