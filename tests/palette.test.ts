import { describe, expect, it } from "vitest";
import { createRun } from "@/lib/runs/create";
import { searchPalette } from "@/lib/search/palette";
import { makeKey, makeProject, unique } from "./support/api";
import { userAccess } from "./support/users";

// The command palette's search through the data-access layer: projects by name or slug, a run
// by its id or its external id, and only what the caller may see (a key bound to one project
// finds nothing of another).

describe("searchPalette", () => {
  it("finds projects by name, runs by id and by external id, within what the caller may see", async () => {
    const key = await makeKey();
    const mine = await makeProject(key, unique("palette-alpha"));
    const other = await makeProject(key, unique("palette-beta"));
    const externalId = unique("gh-run");
    const run = await createRun(key.access, mine.slug, { name: "nightly palette build", externalId });
    const elsewhere = await createRun(key.access, other.slug, { name: "beta deploy", externalId });
    const viewer = await userAccess("viewer");

    const byName = await searchPalette(viewer, { q: "palette-alpha" });
    expect(byName.projects.map((p) => p.slug)).toEqual([mine.slug]);

    const byId = await searchPalette(viewer, { q: run.id });
    expect(byId.runs).toEqual([{ id: run.id, name: "nightly palette build", status: run.status, externalId, projectSlug: mine.slug }]);

    const byExternal = await searchPalette(viewer, { q: externalId });
    expect(byExternal.runs.map((r) => r.id).sort()).toEqual([run.id, elsewhere.id].sort());

    // A key bound to the first project sees neither the other project nor its run.
    const bound = await makeKey({ project: mine.slug, scopes: ["projects:read", "runs:read"] });
    expect((await searchPalette(bound.access, { q: "palette-" })).projects.map((p) => p.slug)).toEqual([mine.slug]);
    expect((await searchPalette(bound.access, { q: externalId })).runs.map((r) => r.id)).toEqual([run.id]);
    expect((await searchPalette(bound.access, { q: elsewhere.id })).runs).toEqual([]);

    expect((await searchPalette(viewer, { q: "no-such-thing-anywhere" })).projects).toEqual([]);
  });

  it("refuses an empty or oversized query with a clear message", async () => {
    const viewer = await userAccess("viewer");
    await expect(searchPalette(viewer, { q: "   " })).rejects.toThrow("Type something to search for");
    await expect(searchPalette(viewer, { q: "x".repeat(101) })).rejects.toThrow("at most 100 characters");
  });
});
