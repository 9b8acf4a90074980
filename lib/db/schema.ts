import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// The single source of truth for tables; row types come from here
// (`typeof runs.$inferSelect`), never restated by hand.

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const roleEnum = pgEnum("user_role", ["viewer", "operator", "admin"]);
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("projects_created_idx").on(t.createdAt.desc(), t.id.desc())],
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
    index("runs_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("runs_external_idx").on(t.projectId, t.externalId),
    index("runs_retry_of_idx").on(t.retryOf),
    index("runs_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
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
  (t) => [primaryKey({ name: "run_logs_pkey", columns: [t.runId, t.seq] })],
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
    seq: bigint("seq", { mode: "number" }).primaryKey(),
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
    prevHash: text("prev_hash").notNull().unique(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
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

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type Project = typeof projects.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type RunStatus = (typeof runStatusEnum.enumValues)[number];
export type RunLog = typeof runLogs.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
