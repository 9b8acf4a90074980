import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ROLES, type Role } from "../auth/roles";

// The single source of truth for tables; row types come from here
// (`typeof runs.$inferSelect`), never restated by hand.

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const roleEnum = pgEnum("user_role", ROLES);
export const runStatusEnum = pgEnum("run_status", ["queued", "running", "succeeded", "failed", "cancelled"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name"),
    role: roleEnum("role").notNull().default("viewer"),
    /** argon2id; null for users who only sign in through GitHub/OIDC. */
    passwordHash: text("password_hash"),
    /** "credentials", "github" or "oidc": how the account was first created. */
    provider: text("provider").notNull().default("credentials"),
    disabledAt: tz("disabled_at"),
    lastSignInAt: tz("last_sign_in_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

// One row per signed-in browser. The JWT carries the row id; sign-out revokes it, so a
// copied cookie stops working the moment its owner signs out.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: tz("expires_at").notNull(),
    revokedAt: tz("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    archivedAt: tz("archived_at"),
    /**
     * The folded part of the runs list's validator: with the project's rows in run_changes
     * it counts every committed statement that wrote its runs (drizzle/0004), so a runs-list
     * ETag is known before the list query. Run writes never update this row.
     */
    runsRevision: bigint("runs_revision", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("projects_created_idx").on(t.createdAt.desc(), t.id.desc()),
    // The list sorted by name (either way): DESC like every keyset index (lib/db/keyset.ts).
    index("projects_name_idx").on(t.name.desc(), t.id.desc()),
  ],
);

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Free-form kind from the integration: ci, deploy, scheduled, agent… */
    kind: text("kind").notNull().default("ci"),
    externalId: text("external_id"),
    status: runStatusEnum("status").notNull().default("queued"),
    cancelRequestedAt: tz("cancel_requested_at"),
    retryOf: uuid("retry_of"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    startedAt: tz("started_at"),
    finishedAt: tz("finished_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Keyset pagination: WHERE project_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC
    index("runs_project_created_idx").on(t.projectId, t.createdAt.desc(), t.id.desc()),
    index("runs_project_status_created_idx").on(t.projectId, t.status, t.createdAt.desc(), t.id.desc()),
    // A project's runs sorted by name (either way), at any depth at the cost of the first page.
    index("runs_project_name_idx").on(t.projectId, t.name.desc(), t.id.desc()),
    index("runs_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("runs_external_idx").on(t.projectId, t.externalId),
    index("runs_retry_of_idx").on(t.retryOf),
    index("runs_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    // Queued and running runs only, whatever the history: stuck-run alerts, deploy mutes.
    index("runs_active_idx").on(t.projectId, t.kind, t.createdAt).where(sql`status IN ('queued', 'running')`),
  ],
);

/**
 * One row per statement that wrote a project's runs, appended by a statement-level trigger
 * on runs (drizzle/0004). Writers only insert here, so concurrent run writes share no row
 * (no lock on projects, no lock-order inversion). A locked job folds the rows into
 * projects.runs_revision (fold_run_changes), keeping revision + pending rows constant.
 */
export const runChanges = pgTable(
  "run_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: uuid("project_id").notNull(),
  },
  (t) => [index("run_changes_project_idx").on(t.projectId)],
);

/**
 * Run counts per project, creation hour (UTC) and status, plus a duration histogram, kept
 * as runs are written without a shared row on the write path (drizzle/0009): a
 * statement-level trigger on runs appends net +/- counts here (inserts only, like
 * run_changes), and a locked job (fold_run_rollup_deltas) moves them into run_rollups,
 * run_rollup_totals and run_duration_rollups. Readers add the rows not yet folded, so
 * they are exact whatever the fold's lag (lib/runs/rollups.ts).
 */
export const runRollupDeltas = pgTable("run_rollup_deltas", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  projectId: uuid("project_id").notNull(),
  bucket: tz("bucket").notNull(),
  status: runStatusEnum("status").notNull(),
  /** run_duration_bin(started_at, finished_at): null while the run has no start and finish. */
  durationBin: smallint("duration_bin"),
  n: integer("n").notNull(),
});

/** Folded counts per project, creation hour (UTC) and status. Rows may fall to 0 and stay. */
export const runRollups = pgTable(
  "run_rollups",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    bucket: tz("bucket").notNull(),
    status: runStatusEnum("status").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "run_rollups_pkey", columns: [t.projectId, t.bucket, t.status] }), index("run_rollups_bucket_idx").on(t.bucket)],
);

/** Folded all-time counts per project and status (the sum of its run_rollups rows). */
export const runRollupTotals = pgTable(
  "run_rollup_totals",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    status: runStatusEnum("status").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "run_rollup_totals_pkey", columns: [t.projectId, t.status] })],
);

/** Folded duration histogram of runs with a start and a finish, per project and creation hour. */
export const runDurationRollups = pgTable(
  "run_duration_rollups",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    bucket: tz("bucket").notNull(),
    bin: smallint("bin").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "run_duration_rollups_pkey", columns: [t.projectId, t.bucket, t.bin] })],
);

export const runLogs = pgTable(
  "run_logs",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    ts: tz("ts").notNull().defaultNow(),
    level: text("level").notNull().default("info"),
    message: text("message").notNull(),
  },
  // Partitioned by week on ts (drizzle/0008, lib/history): a key must hold the partition key,
  // so (run_id, seq) alone is no longer enforced; appendRunLogs assigns seq under the run's row lock.
  (t) => [primaryKey({ name: "run_logs_pkey", columns: [t.runId, t.seq, t.ts] })],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** The first characters of the key, safe to show ("opk_3fA2b1c9"). */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. The key itself is never stored. */
    keyHash: text("key_hash").notNull().unique(),
    scopes: text("scopes").array().notNull(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: tz("expires_at"),
    revokedAt: tz("revoked_at"),
    lastUsedAt: tz("last_used_at"),
  },
  (t) => [index("api_keys_project_idx").on(t.projectId)],
);

// Append-only, one linear hash chain: hash = sha256(prev_hash || canonical JSON of the event).
// seq is assigned under an advisory lock as previous seq + 1 (not a sequence), so a
// rolled-back transaction leaves no gap. UPDATE/DELETE are rejected by a trigger.
export const auditEvents = pgTable(
  "audit_events",
  {
    /** Insertion order; the sequencer takes pending events in this order. */
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Position in the hash chain; null while the event is pending (lib/audit/sequencer.ts). */
    seq: bigint("seq", { mode: "number" }),
    occurredAt: tz("occurred_at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    projectId: uuid("project_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    changes: jsonb("changes").$type<Record<string, unknown> | null>(),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_events_pending_idx").on(t.id).where(sql`seq IS NULL`),
    // The chain's columns are unique once set, and only indexed once set: a pending event
    // (every mutation inserts one) adds no entry to these three (drizzle/0015, measured by
    // bench/audit-append.ts). Queries on seq say `seq IS NOT NULL` (or a comparison that
    // implies it), so the partial indexes serve them: verify's walk (ASC), the sequencer's
    // head (DESC, read backwards).
    uniqueIndex("audit_events_seq_idx").on(t.seq).where(sql`seq IS NOT NULL`),
    // The trail newest first (or, read backwards, oldest first) with no filter: the lists'
    // `seq DESC NULLS LAST` order, which an ascending index cannot serve, so an unfiltered
    // page sorted every event (bench/soak.ts: 12 → 22 ms a page in 3 minutes).
    index("audit_events_seq_desc_idx").on(t.seq.desc()).where(sql`seq IS NOT NULL`),
    uniqueIndex("audit_events_prev_hash_idx").on(t.prevHash).where(sql`prev_hash IS NOT NULL`),
    uniqueIndex("audit_events_hash_idx").on(t.hash).where(sql`hash IS NOT NULL`),
    index("audit_events_occurred_idx").on(t.occurredAt.desc(), t.seq.desc()),
    index("audit_events_action_idx").on(t.action, t.seq.desc()),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.seq.desc()),
    index("audit_events_actor_idx").on(t.actorType, t.actorId, t.seq.desc()),
    index("audit_events_project_idx").on(t.projectId, t.seq.desc()),
  ],
);

// Idempotency-Key records for POST run creation (Stripe semantics, lib/http/idempotency.ts).
// A row is claimed (in_progress) and committed before the handler runs, so of several
// concurrent requests with one key exactly one executes; the answer is stored to replay.
export const idempotencyStateEnum = pgEnum("idempotency_state", ["in_progress", "completed"]);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Whose key it is: `key:<api key id>` or `user:<user id>`, so two callers never collide. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** SHA-256 of the canonical JSON body, hex. */
    requestHash: text("request_hash").notNull(),
    state: idempotencyStateEnum("state").notNull().default("in_progress"),
    /** Changes on every claim, so a handler that lost its claim cannot overwrite the new owner's row. */
    claimToken: uuid("claim_token").notNull(),
    lockedAt: tz("locked_at").notNull().defaultNow(),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    responseBody: text("response_body"),
    createdAt: createdAt(),
    completedAt: tz("completed_at"),
    expiresAt: tz("expires_at").notNull(),
  },
  (t) => [primaryKey({ name: "idempotency_keys_pkey", columns: [t.scope, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);


// ---------------------------------------------------------------------------------------
// Observability (metrics issue). Per-minute request aggregates flushed by each instance;
// `buckets` holds the cumulative-free (per-bucket) counts in the order of
// lib/metrics/buckets.ts, so histograms from several instances merge by addition.
// Older minutes are rolled up into coarser tiers (5min, hour, 6h) with instance_id "*".
// Partitioned by day on bucket_start (drizzle/0008, lib/history); the key already holds it.
export const requestMetrics = pgTable(
  "request_metrics",
  {
    resolution: text("resolution").notNull(), // "minute" | "5min" | "hour" | "6h" (lib/metrics/flush.ts tiers)
    bucketStart: tz("bucket_start").notNull(),
    instanceId: text("instance_id").notNull(),
    route: text("route").notNull(),
    method: text("method").notNull(),
    statusClass: text("status_class").notNull(), // "2xx" … "5xx"
    count: bigint("count", { mode: "number" }).notNull(),
    sumSeconds: doublePrecision("sum_seconds").notNull(),
    buckets: bigint("buckets", { mode: "number" }).array().notNull(),
  },
  (t) => [
    primaryKey({ name: "request_metrics_pkey", columns: [t.resolution, t.bucketStart, t.instanceId, t.route, t.method, t.statusClass] }),
    index("request_metrics_route_idx").on(t.route, t.bucketStart),
  ],
);

// Background jobs that run on one instance at a time (advisory lock): last run and holder.
export const backgroundJobs = pgTable("background_jobs", {
  name: text("name").primaryKey(),
  holder: text("holder"),
  lastStartedAt: tz("last_started_at"),
  lastFinishedAt: tz("last_finished_at"),
  lastStatus: text("last_status"), // "ok" | "error"
  lastError: text("last_error"),
  runCount: bigint("run_count", { mode: "number" }).notNull().default(0),
});

export const monitorStatusEnum = pgEnum("monitor_status", ["pending", "up", "degraded", "down"]);
export const monitorTypeEnum = pgEnum("monitor_type", ["http", "tcp", "tls", "heartbeat"]);

/** What the last probe learned beyond up/down (a certificate's facts), shown to monitor readers. */
export type MonitorDetail = { tls?: { daysLeft: number; validTo: string; issuer: string; subject: string; chainValid: boolean; chainError: string | null } };

// Service monitors registered by admins: http, tcp and tls targets probed by one instance at a
// time, and heartbeat (push) monitors that their jobs ping, judged against period or cron + grace.
export const monitors = pgTable(
  "monitors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    type: monitorTypeEnum("type").notNull().default("http"),
    /** http: the URL probed. */
    url: text("url"),
    /** tcp and tls: the host and port connected to. */
    host: text("host"),
    port: integer("port"),
    method: text("method").notNull().default("GET"),
    intervalSeconds: integer("interval_seconds").notNull().default(60),
    timeoutMs: integer("timeout_ms").notNull().default(5000),
    expectedStatus: integer("expected_status").notNull().default(200),
    keyword: text("keyword"),
    /** http: a JSON assertion — a path ($.a.b[0]) and the expected value, compared as JSON text. */
    jsonPath: text("json_path"),
    jsonExpected: text("json_expected"),
    /** http: slower than this (ms) is degraded. */
    degradedMs: integer("degraded_ms"),
    /** tls: accept a chain that does not verify (self-signed); degraded below this many days. */
    tlsAllowUntrusted: boolean("tls_allow_untrusted").notNull().default(false),
    tlsExpiryDays: integer("tls_expiry_days").notNull().default(14),
    /** heartbeat: sha256 of the ping token (the token is shown once); period or cron, and grace. */
    heartbeatTokenHash: text("heartbeat_token_hash"),
    heartbeatPeriodSeconds: integer("heartbeat_period_seconds"),
    heartbeatCron: text("heartbeat_cron"),
    heartbeatGraceSeconds: integer("heartbeat_grace_seconds").notNull().default(60),
    lastPingAt: tz("last_ping_at"),
    lastPingFailed: boolean("last_ping_failed"),
    /** The last ping's body, at most 1 kB. */
    lastPingBody: text("last_ping_body"),
    detail: jsonb("detail").$type<MonitorDetail>(),
    enabled: boolean("enabled").notNull().default(true),
    status: monitorStatusEnum("status").notNull().default("pending"),
    statusSince: tz("status_since").notNull().defaultNow(),
    lastCheckedAt: tz("last_checked_at"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("monitors_name_key").on(sql`lower(${t.name})`), uniqueIndex("monitors_heartbeat_token_key").on(t.heartbeatTokenHash)],
);

// Partitioned by week on checked_at (drizzle/0008, lib/history); the key holds the partition key.
export const monitorChecks = pgTable(
  "monitor_checks",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    checkedAt: tz("checked_at").notNull().defaultNow(),
    ok: boolean("ok").notNull(),
    /** Up but not well: slow, or a certificate close to expiry. Counts as up in uptime. */
    degraded: boolean("degraded").notNull().default(false),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    error: text("error"),
  },
  (t) => [primaryKey({ name: "monitor_checks_pkey", columns: [t.id, t.checkedAt] }), index("monitor_checks_monitor_idx").on(t.monitorId, t.checkedAt.desc())],
);

export const monitorIncidents = pgTable(
  "monitor_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    startedAt: tz("started_at").notNull().defaultNow(),
    resolvedAt: tz("resolved_at"),
    cause: text("cause").notNull(),
  },
  (t) => [index("monitor_incidents_monitor_idx").on(t.monitorId, t.startedAt.desc())],
);

// Slow queries (slow-queries issue): normalized text per fingerprint, per-minute aggregates
// per fingerprint and route (histogram buckets as request_metrics), and a bounded sample of
// individual occurrences carrying the request id for cross-links.
export const slowQueryTexts = pgTable("slow_query_texts", {
  fingerprint: text("fingerprint").primaryKey(),
  query: text("query").notNull(),
  firstSeen: tz("first_seen").notNull().defaultNow(),
  lastSeen: tz("last_seen").notNull().defaultNow(),
});

// Partitioned by day on bucket_start (drizzle/0008, lib/history); the key already holds it.
export const slowQueryMinutes = pgTable(
  "slow_query_minutes",
  {
    bucketStart: tz("bucket_start").notNull(),
    fingerprint: text("fingerprint").notNull(),
    route: text("route").notNull(),
    calls: bigint("calls", { mode: "number" }).notNull(),
    totalMs: doublePrecision("total_ms").notNull(),
    maxMs: doublePrecision("max_ms").notNull(),
    buckets: bigint("buckets", { mode: "number" }).array().notNull(),
  },
  (t) => [
    primaryKey({ name: "slow_query_minutes_pkey", columns: [t.bucketStart, t.fingerprint, t.route] }),
    index("slow_query_minutes_fp_idx").on(t.fingerprint, t.bucketStart),
    index("slow_query_minutes_route_idx").on(t.route, t.bucketStart),
  ],
);

export const slowQuerySamples = pgTable(
  "slow_query_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    occurredAt: tz("occurred_at").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    route: text("route").notNull(),
    requestId: text("request_id"),
    /** The OpenTelemetry trace the query ran in (when tracing is on): the link to the trace backend. */
    traceId: text("trace_id"),
  },
  (t) => [
    index("slow_query_samples_fp_idx").on(t.fingerprint, t.occurredAt.desc()),
    index("slow_query_samples_request_idx").on(t.requestId),
    index("slow_query_samples_occurred_idx").on(t.occurredAt),
  ],
);

// Audit retention (audit issue): one row per pruning, written by audit_prune() before it
// deletes, so verification can start from the last removed event's hash.
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  createdAt: createdAt(),
  lastRemovedSeq: bigint("last_removed_seq", { mode: "number" }).notNull(),
  lastRemovedHash: text("last_removed_hash").notNull(),
  removedCount: bigint("removed_count", { mode: "number" }).notNull(),
});

export type User = typeof users.$inferSelect;
export type { Role };
export type Project = typeof projects.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type RunStatus = (typeof runStatusEnum.enumValues)[number];
export type RunLog = typeof runLogs.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
export type RequestMetric = typeof requestMetrics.$inferSelect;
export type BackgroundJob = typeof backgroundJobs.$inferSelect;
export type Monitor = typeof monitors.$inferSelect;
export type MonitorCheck = typeof monitorChecks.$inferSelect;
export type MonitorIncident = typeof monitorIncidents.$inferSelect;
export type SlowQueryText = typeof slowQueryTexts.$inferSelect;
export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;

// Alerting's tables live beside this file; exporting them here keeps one schema for
// drizzle-kit and the client.
export * from "./schema-alerts";
export * from "./schema-status";
