import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { monitors, users } from "./schema";
import { channels, incidents } from "./schema-alerts";

// Public status pages (status-pages issue): a page, its components (a display name over one
// or more monitors, in groups), the incidents and maintenance operators post with their
// updates, and email subscribers. lib/status-pages is the only module that reads or writes
// these tables; the public page shows only what was chosen for display.

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => tz("created_at").notNull().defaultNow();
const updatedAt = () => tz("updated_at").notNull().defaultNow();

export const statusPages = pgTable(
  "status_pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    logoUrl: text("logo_url"),
    footer: text("footer").notNull().default(""),
    published: boolean("published").notNull().default(true),
    /** The email channel (SMTP server and sender) subscriber mail goes through; none: no email subscriptions. */
    emailChannelId: uuid("email_channel_id").references(() => channels.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("status_pages_slug_key").on(t.slug)],
);

export const statusPageComponents = pgTable(
  "status_page_components",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    /** Shown as a heading above its components; "" for none. */
    groupName: text("group_name").notNull().default(""),
    displayName: text("display_name").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("status_page_components_page_idx").on(t.pageId, t.position)],
);

export const statusPageComponentMonitors = pgTable(
  "status_page_component_monitors",
  {
    componentId: uuid("component_id")
      .notNull()
      .references(() => statusPageComponents.id, { onDelete: "cascade" }),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ name: "status_page_component_monitors_pkey", columns: [t.componentId, t.monitorId] }), index("status_page_component_monitors_monitor_idx").on(t.monitorId)],
);

/**
 * What operators tell readers: an incident (investigating → identified → monitoring →
 * resolved) or a maintenance (scheduled → in_progress → completed, with a window).
 */
export const statusPageIncidents = pgTable(
  "status_page_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    /** incident | maintenance */
    kind: text("kind").notNull().default("incident"),
    title: text("title").notNull(),
    /** none | minor | major (incidents) */
    impact: text("impact").notNull().default("minor"),
    status: text("status").notNull(),
    /** The Opsdeck incident this one tells readers about, if any. */
    incidentId: uuid("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    startsAt: tz("starts_at"),
    endsAt: tz("ends_at"),
    resolvedAt: tz("resolved_at"),
    /** Maintenance: when its start / end were announced to subscribers. */
    startNotifiedAt: tz("start_notified_at"),
    endNotifiedAt: tz("end_notified_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("status_page_incidents_page_idx").on(t.pageId, t.createdAt.desc())],
);

export const statusPageUpdates = pgTable(
  "status_page_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    statusIncidentId: uuid("status_incident_id")
      .notNull()
      .references(() => statusPageIncidents.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    message: text("message").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("status_page_updates_incident_idx").on(t.statusIncidentId, t.createdAt)],
);

/** Email subscribers: tokens are sha256-hashed at rest; nothing is sent before confirmedAt. */
export const statusPageSubscribers = pgTable(
  "status_page_subscribers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    confirmTokenHash: text("confirm_token_hash"),
    unsubscribeTokenHash: text("unsubscribe_token_hash").notNull(),
    confirmedAt: tz("confirmed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // Addresses are stored lowercased, so one plain index serves the upsert.
    uniqueIndex("status_page_subscribers_email_key").on(t.pageId, t.email),
    uniqueIndex("status_page_subscribers_confirm_key").on(t.confirmTokenHash),
    uniqueIndex("status_page_subscribers_unsubscribe_key").on(t.unsubscribeTokenHash),
  ],
);

export type StatusPage = typeof statusPages.$inferSelect;
export type StatusPageComponent = typeof statusPageComponents.$inferSelect;
export type StatusPageIncident = typeof statusPageIncidents.$inferSelect;
export type StatusPageUpdate = typeof statusPageUpdates.$inferSelect;
export type StatusPageSubscriber = typeof statusPageSubscribers.$inferSelect;
