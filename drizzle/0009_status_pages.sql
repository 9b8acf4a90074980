CREATE TYPE "public"."monitor_type" AS ENUM('http', 'tcp', 'tls', 'heartbeat');--> statement-breakpoint
ALTER TYPE "public"."monitor_status" ADD VALUE 'degraded' BEFORE 'down';--> statement-breakpoint
CREATE TABLE "status_page_component_monitors" (
	"component_id" uuid NOT NULL,
	"monitor_id" uuid NOT NULL,
	CONSTRAINT "status_page_component_monitors_pkey" PRIMARY KEY("component_id","monitor_id")
);
--> statement-breakpoint
CREATE TABLE "status_page_components" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"display_name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_page_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"kind" text DEFAULT 'incident' NOT NULL,
	"title" text NOT NULL,
	"impact" text DEFAULT 'minor' NOT NULL,
	"status" text NOT NULL,
	"incident_id" uuid,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"start_notified_at" timestamp with time zone,
	"end_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_page_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"email" text NOT NULL,
	"confirm_token_hash" text,
	"unsubscribe_token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_page_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status_incident_id" uuid NOT NULL,
	"status" text NOT NULL,
	"message" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"logo_url" text,
	"footer" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"email_channel_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitors" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "degraded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "type" "monitor_type" DEFAULT 'http' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "port" integer;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "json_path" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "json_expected" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "degraded_ms" integer;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "tls_allow_untrusted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "tls_expiry_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "heartbeat_token_hash" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "heartbeat_period_seconds" integer;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "heartbeat_cron" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "heartbeat_grace_seconds" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "last_ping_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "last_ping_failed" boolean;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "last_ping_body" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "status_page_component_monitors" ADD CONSTRAINT "status_page_component_monitors_component_id_status_page_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."status_page_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_component_monitors" ADD CONSTRAINT "status_page_component_monitors_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_components" ADD CONSTRAINT "status_page_components_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_incidents" ADD CONSTRAINT "status_page_incidents_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_incidents" ADD CONSTRAINT "status_page_incidents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_subscribers" ADD CONSTRAINT "status_page_subscribers_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_updates" ADD CONSTRAINT "status_page_updates_status_incident_id_status_page_incidents_id_fk" FOREIGN KEY ("status_incident_id") REFERENCES "public"."status_page_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_updates" ADD CONSTRAINT "status_page_updates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_pages" ADD CONSTRAINT "status_pages_email_channel_id_notification_channels_id_fk" FOREIGN KEY ("email_channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_pages" ADD CONSTRAINT "status_pages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_page_component_monitors_monitor_idx" ON "status_page_component_monitors" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "status_page_components_page_idx" ON "status_page_components" USING btree ("page_id","position");--> statement-breakpoint
CREATE INDEX "status_page_incidents_page_idx" ON "status_page_incidents" USING btree ("page_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_subscribers_email_key" ON "status_page_subscribers" USING btree ("page_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_subscribers_confirm_key" ON "status_page_subscribers" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_subscribers_unsubscribe_key" ON "status_page_subscribers" USING btree ("unsubscribe_token_hash");--> statement-breakpoint
CREATE INDEX "status_page_updates_incident_idx" ON "status_page_updates" USING btree ("status_incident_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "status_pages_slug_key" ON "status_pages" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "monitors_heartbeat_token_key" ON "monitors" USING btree ("heartbeat_token_hash");