import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { monitors, projects, users } from "./schema";

// Alerting (alerting issue): rules over every signal, their per-group state, the incidents
// they open, the channels that are told, the outbox of deliveries, and the silences and
// maintenance windows that mute them. lib/alerts, lib/incidents, lib/channels and
// lib/notifications are the only modules that read or write these tables.

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => tz("created_at").notNull().defaultNow();
const updatedAt = () => tz("updated_at").notNull().defaultNow();

export type Labels = Record<string, string>;

export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** monitor_down, run_failed, run_failure_rate, run_stuck, run_missing, route_latency, route_errors, slow_query */
    kind: text("kind").notNull(),
    /** The kind's own settings, validated by its zod schema (lib/alerts/schemas.ts). */
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    severity: text("severity").notNull().default("warning"),
    /** Extra labels, for silences and routing; the signal adds project, monitor, route, fingerprint. */
    labels: jsonb("labels").$type<Labels>().notNull().default({}),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    monitorId: uuid("monitor_id").references(() => monitors.id, { onDelete: "cascade" }),
    forSeconds: integer("for_seconds").notNull().default(0),
    repeatIntervalSeconds: integer("repeat_interval_seconds").notNull().default(3600),
    channelIds: uuid("channel_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** While a run of kind "deploy" of this project is running, the rule is muted. */
    muteDuringDeploysOf: uuid("mute_during_deploys_of").references(() => projects.id, { onDelete: "set null" }),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("alert_rules_name_key").on(sql`lower(${t.name})`), index("alert_rules_created_idx").on(t.createdAt.desc(), t.id.desc())],
);

/** ok → pending → firing, per rule and group key; stored so a restart or failover neither loses nor repeats an incident. */
export const alertStates = pgTable(
  "alert_states",
  {
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    state: text("state").notNull().default("ok"),
    since: tz("since").notNull().defaultNow(),
    value: doublePrecision("value"),
    labels: jsonb("labels").$type<Labels>().notNull().default({}),
    incidentId: uuid("incident_id"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: "alert_states_pkey", columns: [t.ruleId, t.groupKey] })],
);

export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    /** rule id + group key: one open incident per alert, and PagerDuty's dedup_key. */
    dedupKey: text("dedup_key").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    severity: text("severity").notNull(),
    /** open | acknowledged | resolved */
    status: text("status").notNull().default("open"),
    /** Recorded while a silence, maintenance window or running deploy muted it: nothing was sent. */
    suppressedBy: text("suppressed_by"),
    labels: jsonb("labels").$type<Labels>().notNull().default({}),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    value: doublePrecision("value"),
    startedAt: tz("started_at").notNull().defaultNow(),
    acknowledgedAt: tz("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: tz("resolved_at"),
    resolvedBy: text("resolved_by"),
    snoozedUntil: tz("snoozed_until"),
    lastNotifiedAt: tz("last_notified_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("incidents_open_dedup_key").on(t.dedupKey).where(sql`status <> 'resolved'`),
    index("incidents_started_idx").on(t.startedAt.desc(), t.id.desc()),
    index("incidents_status_started_idx").on(t.status, t.startedAt.desc(), t.id.desc()),
    index("incidents_project_started_idx").on(t.projectId, t.startedAt.desc()),
  ],
);

/** The incident's timeline: pending, fired, each notification's outcome, acknowledged, notes, resolved. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: tz("at").notNull().defaultNow(),
    kind: text("kind").notNull(),
    actorType: text("actor_type").notNull().default("system"),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("incident_events_incident_idx").on(t.incidentId, t.id)],
);

export const channels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** webhook | slack | email | pagerduty */
    kind: text("kind").notNull(),
    /** What is not secret: SMTP host and addresses, the PagerDuty endpoint. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM of the secret fields (lib/security/secret-box.ts); never returned after save. */
    secret: text("secret"),
    /** What the console shows instead: a masked tail ("whsec_…3f9a"). */
    secretHint: text("secret_hint"),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(30),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("notification_channels_name_key").on(sql`lower(${t.name})`)],
);

/**
 * The outbox: one row per message to one channel, written in the same transaction as the
 * incident change it announces, and drained by the delivery job with retries. The id is
 * the message's stable id (webhook-id, the email's Message-ID) so receivers can dedupe.
 */
export const deliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id").references(() => incidents.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** firing | repeat | acknowledged | resolved | test | summary | subscriber (a status page reader's mail) */
    event: text("event").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    /** pending | delivered | dead | coalesced (folded into a summary by the channel's rate limit) */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tz("next_attempt_at").notNull().defaultNow(),
    lockedUntil: tz("locked_until"),
    lastStatusCode: integer("last_status_code"),
    lastErrorClass: text("last_error_class"),
    lastError: text("last_error"),
    lastLatencyMs: integer("last_latency_ms"),
    createdAt: createdAt(),
    deliveredAt: tz("delivered_at"),
  },
  (t) => [
    index("notification_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("notification_deliveries_incident_idx").on(t.incidentId, t.createdAt),
    index("notification_deliveries_channel_idx").on(t.channelId, t.deliveredAt),
  ],
);

export const deliveryAttempts = pgTable(
  "notification_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: tz("at").notNull().defaultNow(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    /** delivered | timeout | connection | http_4xx | http_5xx | redirect | invalid */
    outcome: text("outcome").notNull(),
    error: text("error"),
    /** At most 1 kB of what the receiver answered. */
    responseExcerpt: text("response_excerpt"),
  },
  (t) => [index("notification_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

/**
 * Silences (one-off: starts–ends) and maintenance windows (one-off, or recurring by cron for
 * a duration): while active, incidents whose labels match are recorded as suppressed and
 * nothing is sent (Alertmanager semantics: evaluation continues).
 */
export const silences = pgTable(
  "silences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** silence | maintenance */
    kind: text("kind").notNull().default("silence"),
    name: text("name").notNull().default(""),
    /** [{ label, op: "=" | "!=" | "=~" | "!~", value }]: all must match. */
    matchers: jsonb("matchers").$type<{ label: string; op: string; value: string }[]>().notNull(),
    startsAt: tz("starts_at").notNull(),
    endsAt: tz("ends_at"),
    /** Recurring maintenance: a cron expression (croner) and how long each window lasts. */
    cron: text("cron"),
    durationSeconds: integer("duration_seconds"),
    timezone: text("timezone").notNull().default("UTC"),
    comment: text("comment").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdByLabel: text("created_by_label"),
    createdAt: createdAt(),
  },
  (t) => [index("silences_ends_idx").on(t.endsAt)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertState = typeof alertStates.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type Silence = typeof silences.$inferSelect;
