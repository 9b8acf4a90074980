import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { authorize, authorizeInstanceChange } from "../auth/authorize";
import { actorOf, type AccessContext } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { getDb, type Tx } from "../db/client";
import { channels, monitors, statusPageComponentMonitors, statusPageComponents, statusPages, type StatusPage } from "../db/schema";
import { ConflictError, InvalidFieldError, NotFoundError } from "../errors";
import { notifyMonitorStateChanged } from "../monitors/state-change";
import { statusPageInputSchema, statusPagePatchSchema, type StatusPageInput, type StatusPageValues } from "./schemas";

// Status pages as admins manage them: operators and keys with status:write list them (to post
// updates); creating, changing and deleting a page is an admin's (or an unbound key's), since
// it decides what the public sees. Every change is audited and drops the public snapshots.

export const statusPageDtoSchema = z.strictObject({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  logoUrl: z.string().nullable(),
  footer: z.string(),
  published: z.boolean(),
  emailChannelId: z.uuid().nullable(),
  components: z.array(z.strictObject({ id: z.uuid(), displayName: z.string(), groupName: z.string(), position: z.number().int(), monitorIds: z.array(z.uuid()) })),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type StatusPageDto = z.output<typeof statusPageDtoSchema>;
export const statusPageListSchema = z.strictObject({ data: z.array(statusPageDtoSchema) });

async function componentsOf(pageIds: string[]): Promise<Map<string, StatusPageDto["components"]>> {
  const out = new Map<string, StatusPageDto["components"]>();
  if (pageIds.length === 0) return out;
  const rows = await getDb().select().from(statusPageComponents).where(inArray(statusPageComponents.pageId, pageIds)).orderBy(asc(statusPageComponents.position));
  const links = rows.length ? await getDb().select().from(statusPageComponentMonitors).where(inArray(statusPageComponentMonitors.componentId, rows.map((r) => r.id))) : [];
  for (const r of rows) {
    const list = out.get(r.pageId) ?? [];
    list.push({ id: r.id, displayName: r.displayName, groupName: r.groupName, position: r.position, monitorIds: links.filter((l) => l.componentId === r.id).map((l) => l.monitorId) });
    out.set(r.pageId, list);
  }
  return out;
}

function toDto(p: StatusPage, components: StatusPageDto["components"]): StatusPageDto {
  return { id: p.id, slug: p.slug, title: p.title, description: p.description, logoUrl: p.logoUrl, footer: p.footer, published: p.published, emailChannelId: p.emailChannelId, components, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
}

export async function listStatusPages(ctx: AccessContext): Promise<StatusPageDto[]> {
  await authorize(ctx, "status:write", "status_pages");
  const rows = await getDb().select().from(statusPages).orderBy(asc(statusPages.slug));
  const comps = await componentsOf(rows.map((r) => r.id));
  return rows.map((r) => toDto(r, comps.get(r.id) ?? []));
}

export async function findStatusPage(id: string): Promise<StatusPage> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Status page");
  const [row] = await getDb().select().from(statusPages).where(eq(statusPages.id, id));
  if (!row) throw new NotFoundError("Status page");
  return row;
}

export async function getStatusPage(ctx: AccessContext, id: string): Promise<StatusPageDto> {
  await authorize(ctx, "status:write", `status_page:${id}`);
  const row = await findStatusPage(id);
  return toDto(row, (await componentsOf([row.id])).get(row.id) ?? []);
}

/** The monitors and the channel a page names must exist (and the channel be an email one). */
async function checkReferences(values: Pick<StatusPageValues, "components" | "emailChannelId">): Promise<void> {
  const ids = [...new Set(values.components.flatMap((c) => c.monitorIds))];
  if (ids.length) {
    const found = new Set((await getDb().select({ id: monitors.id }).from(monitors).where(inArray(monitors.id, ids))).map((m) => m.id));
    values.components.forEach((c, i) =>
      c.monitorIds.forEach((m, j) => {
        if (!found.has(m)) throw new InvalidFieldError(`components.${i}.monitorIds.${j}`, "no such monitor");
      }),
    );
  }
  if (values.emailChannelId) {
    const [channel] = await getDb().select({ kind: channels.kind }).from(channels).where(eq(channels.id, values.emailChannelId));
    if (!channel || channel.kind !== "email") throw new InvalidFieldError("emailChannelId", "must be an email channel");
  }
}

async function writeComponents(tx: Tx, pageId: string, components: StatusPageValues["components"]): Promise<void> {
  await tx.delete(statusPageComponents).where(eq(statusPageComponents.pageId, pageId));
  for (const [position, c] of components.entries()) {
    const [row] = await tx.insert(statusPageComponents).values({ pageId, displayName: c.displayName, groupName: c.groupName, position }).returning({ id: statusPageComponents.id });
    await tx.insert(statusPageComponentMonitors).values([...new Set(c.monitorIds)].map((monitorId) => ({ componentId: row!.id, monitorId })));
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

const summary = (v: Pick<StatusPageValues, "components">) => v.components.map((c) => `${c.groupName ? `${c.groupName} / ` : ""}${c.displayName} (${c.monitorIds.length})`);

export async function createStatusPage(ctx: AccessContext, input: StatusPageInput): Promise<StatusPageDto> {
  await authorizeInstanceChange(ctx, "status:write", "status_pages");
  const values = statusPageInputSchema.parse(input);
  await checkReferences(values);
  try {
    const id = await getDb().transaction(async (tx) => {
      const { components, ...page } = values;
      const [created] = await tx
        .insert(statusPages)
        .values({ ...page, createdBy: ctx.principal.kind === "user" ? ctx.principal.user.id : null })
        .returning();
      await writeComponents(tx, created!.id, components);
      await recordAudit(tx, { action: "status_page.create", actor: actorOf(ctx.principal), target: { type: "status_page", id: created!.id, label: created!.slug }, changes: { ...page, components: summary(values) }, meta: ctx.meta });
      return created!.id;
    });
    await notifyMonitorStateChanged();
    return getStatusPage(ctx, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A status page with slug ${values.slug} already exists`);
    throw err;
  }
}

export async function updateStatusPage(ctx: AccessContext, id: string, input: z.input<typeof statusPagePatchSchema>): Promise<StatusPageDto> {
  await authorizeInstanceChange(ctx, "status:write", `status_page:${id}`);
  const patch = statusPagePatchSchema.parse(input);
  const current = await findStatusPage(id);
  const currentComponents = (await componentsOf([id])).get(id) ?? [];
  await checkReferences({ components: patch.components ?? [], emailChannelId: patch.emailChannelId ?? null });
  try {
    await getDb().transaction(async (tx) => {
      const { components, ...fields } = patch;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [k, v] of Object.entries(fields)) if (v !== undefined && current[k as keyof StatusPage] !== v) changes[k] = { from: current[k as keyof StatusPage], to: v };
      if (components) {
        changes.components = { from: summary({ components: currentComponents.map((c) => ({ ...c, monitorIds: c.monitorIds })) }), to: summary({ components }) };
        await writeComponents(tx, id, components);
      }
      const [locked] = await tx.update(statusPages).set({ ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), updatedAt: new Date() }).where(eq(statusPages.id, id)).returning();
      if (!locked) throw new NotFoundError("Status page");
      await recordAudit(tx, { action: "status_page.update", actor: actorOf(ctx.principal), target: { type: "status_page", id, label: locked.slug }, changes, meta: ctx.meta });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A status page with slug ${patch.slug} already exists`);
    throw err;
  }
  await notifyMonitorStateChanged();
  return getStatusPage(ctx, id);
}

export async function deleteStatusPage(ctx: AccessContext, id: string): Promise<{ id: string }> {
  await authorizeInstanceChange(ctx, "status:write", `status_page:${id}`);
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Status page");
  await getDb().transaction(async (tx) => {
    const [deleted] = await tx.delete(statusPages).where(eq(statusPages.id, id)).returning();
    if (!deleted) throw new NotFoundError("Status page");
    await recordAudit(tx, { action: "status_page.delete", actor: actorOf(ctx.principal), target: { type: "status_page", id, label: deleted.slug }, changes: { slug: deleted.slug, title: deleted.title }, meta: ctx.meta });
  });
  await notifyMonitorStateChanged();
  return { id };
}
