CREATE TYPE "public"."assignment_role" AS ENUM('lead', 'responsible', 'co');--> statement-breakpoint
CREATE TYPE "public"."bulletin_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TYPE "public"."coordination_status" AS ENUM('open', 'answered', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."item_status" AS ENUM('not_started', 'on_track', 'completed', 'lagging', 'blocked');--> statement-breakpoint
CREATE TYPE "public"."ledger_status" AS ENUM('draft', 'submitted', 'confirmed', 'returned');--> statement-breakpoint
CREATE TYPE "public"."level" AS ENUM('province', 'city', 'district', 'county', 'national', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."notice_severity" AS ENUM('blue', 'yellow', 'red');--> statement-breakpoint
CREATE TYPE "public"."notice_status" AS ENUM('issued', 'responded', 'closed');--> statement-breakpoint
CREATE TYPE "public"."period_kind" AS ENUM('quarter', 'annual');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."receipt_status" AS ENUM('pending', 'acknowledged', 'disputed');--> statement-breakpoint
CREATE TYPE "public"."source_document_status" AS ENUM('previewed', 'applied', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."submission_status" AS ENUM('draft', 'pending_signoff', 'submitted', 'accepted', 'returned');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('department', 'street', 'soe', 'party', 'mass_org', 'city_branch', 'other');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff');--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" "assignment_role" NOT NULL,
	"level" "level",
	"clause" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"via_group_id" uuid,
	"receipt_status" "receipt_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_task_unit_role_clause_uq" UNIQUE("task_id","unit_id","role","clause"),
	CONSTRAINT "assignments_clause_non_negative" CHECK ("assignments"."clause" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"action" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"ip" text,
	"details" jsonb,
	"prev_hash" text,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_id" uuid,
	"number" text,
	"title" text NOT NULL,
	"status" "bulletin_status" DEFAULT 'draft' NOT NULL,
	"snapshot" jsonb,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulletins_plan_number_uq" UNIQUE("plan_id","number"),
	CONSTRAINT "bulletins_published_complete" CHECK ("bulletins"."status" <> 'published' or ("bulletins"."published_at" is not null and "bulletins"."snapshot" is not null))
);
--> statement-breakpoint
CREATE TABLE "coordination_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"raised_by_unit_id" uuid NOT NULL,
	"raised_by" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"routed_to" uuid,
	"status" "coordination_status" DEFAULT 'open' NOT NULL,
	"answer" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_report_id" uuid,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_files_sha256_hex" CHECK ("evidence_files"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_files_size_non_negative" CHECK ("evidence_files"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "group_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"role" "assignment_role" NOT NULL,
	"level" "level",
	"clause" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_assignments_task_group_role_clause_uq" UNIQUE("task_id","group_id","role","clause"),
	CONSTRAINT "group_assignments_clause_non_negative" CHECK ("group_assignments"."clause" >= 0)
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"label" text NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"op" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "indicators_task_position_uq" UNIQUE("task_id","position"),
	CONSTRAINT "indicators_op_valid" CHECK ("indicators"."op" in ('>=', '~', '<=', '='))
);
--> statement-breakpoint
CREATE TABLE "item_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"status" "item_status" DEFAULT 'not_started' NOT NULL,
	"progress" text DEFAULT '' NOT NULL,
	"problems" text,
	"next_steps" text,
	"indicator_actuals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "item_reports_submission_assignment_uq" UNIQUE("submission_id","assignment_id"),
	CONSTRAINT "item_reports_version_positive" CHECK ("item_reports"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "ledgers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"measures" text DEFAULT '' NOT NULL,
	"responsible_leader" text,
	"responsible_post" text,
	"responsible_person" text,
	"contact" text,
	"phone" text,
	"status" "ledger_status" DEFAULT 'draft' NOT NULL,
	"returned_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "ledgers_assignment_uq" UNIQUE("assignment_id"),
	CONSTRAINT "ledgers_version_positive" CHECK ("ledgers"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "local_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	CONSTRAINT "local_targets_assignment_indicator_uq" UNIQUE("assignment_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ledger_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"evidence" text,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"doc_no" text,
	"issuer" text,
	"issued_on" date,
	"reporting_rule" jsonb,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_doc_no_uq" UNIQUE("doc_no"),
	CONSTRAINT "plans_year_range" CHECK ("plans"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"label" text NOT NULL,
	"kind" "period_kind" NOT NULL,
	"covers_from" date NOT NULL,
	"covers_to" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"grace_days" integer DEFAULT 0 NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "reporting_periods_plan_label_uq" UNIQUE("plan_id","label"),
	CONSTRAINT "reporting_periods_range" CHECK ("reporting_periods"."covers_from" <= "reporting_periods"."covers_to"),
	CONSTRAINT "reporting_periods_grace_non_negative" CHECK ("reporting_periods"."grace_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"parent_id" uuid,
	"title" text NOT NULL,
	"depth" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "sections_source_position_uq" UNIQUE("source_id","position"),
	CONSTRAINT "sections_depth_non_negative" CHECK ("sections"."depth" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "source_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"parse_result" jsonb,
	"status" "source_document_status" DEFAULT 'previewed' NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_documents_plan_sha256_uq" UNIQUE("plan_id","sha256"),
	CONSTRAINT "source_documents_sha256_hex" CHECK ("source_documents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "source_documents_size_non_negative" CHECK ("source_documents"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"level" "level" NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "sources_plan_index_uq" UNIQUE("plan_id","index"),
	CONSTRAINT "sources_index_positive" CHECK ("sources"."index" >= 1)
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"status" "submission_status" DEFAULT 'draft' NOT NULL,
	"signer_id" uuid,
	"signed_at" timestamp with time zone,
	"content_hash" text,
	"late" boolean DEFAULT false NOT NULL,
	"returned_comment" text,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submissions_idempotency_key_uq" UNIQUE("idempotency_key"),
	CONSTRAINT "submissions_unit_period_uq" UNIQUE("unit_id","period_id"),
	CONSTRAINT "submissions_submitted_is_signed" CHECK ("submissions"."status" not in ('submitted', 'accepted') or ("submissions"."signer_id" is not null and "submissions"."signed_at" is not null and "submissions"."content_hash" is not null)),
	CONSTRAINT "submissions_version_positive" CHECK ("submissions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "supervision_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"task_id" uuid NOT NULL,
	"assignment_id" uuid,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"severity" "notice_severity" NOT NULL,
	"respond_by" date,
	"response" text,
	"status" "notice_status" DEFAULT 'issued' NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "supervision_notices_year_seq_uq" UNIQUE("year","seq"),
	CONSTRAINT "supervision_notices_seq_positive" CHECK ("supervision_notices"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"section_id" uuid,
	"number" text,
	"text" text NOT NULL,
	"line" integer NOT NULL,
	"deadline" text,
	"leaders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "tasks_source_position_uq" UNIQUE("source_id","position")
);
--> statement-breakpoint
CREATE TABLE "unit_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alias" text NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "unit_aliases_alias_uq" UNIQUE("alias")
);
--> statement-breakpoint
CREATE TABLE "unit_group_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alias" text NOT NULL,
	"group_id" uuid NOT NULL,
	CONSTRAINT "unit_group_aliases_alias_uq" UNIQUE("alias")
);
--> statement-breakpoint
CREATE TABLE "unit_group_members" (
	"group_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "unit_group_members_pk" PRIMARY KEY("group_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "unit_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_groups_name_uq" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" "level" DEFAULT 'unknown' NOT NULL,
	"kind" "unit_kind" DEFAULT 'other' NOT NULL,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_name_uq" UNIQUE("name"),
	CONSTRAINT "units_not_merged_into_self" CHECK ("units"."merged_into_id" <> "units"."id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"unit_id" uuid,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_not_blank" CHECK (btrim("users"."username") <> ''),
	CONSTRAINT "users_unit_role_has_unit" CHECK ("users"."role" not in ('unit_leader', 'unit_staff') or "users"."unit_id" is not null),
	CONSTRAINT "users_failed_logins_non_negative" CHECK ("users"."failed_logins" >= 0)
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_via_group_id_unit_groups_id_fk" FOREIGN KEY ("via_group_id") REFERENCES "public"."unit_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_requests" ADD CONSTRAINT "coordination_requests_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_requests" ADD CONSTRAINT "coordination_requests_raised_by_unit_id_units_id_fk" FOREIGN KEY ("raised_by_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_requests" ADD CONSTRAINT "coordination_requests_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordination_requests" ADD CONSTRAINT "coordination_requests_routed_to_users_id_fk" FOREIGN KEY ("routed_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_item_report_id_item_reports_id_fk" FOREIGN KEY ("item_report_id") REFERENCES "public"."item_reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_assignments" ADD CONSTRAINT "group_assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_assignments" ADD CONSTRAINT "group_assignments_group_id_unit_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."unit_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_reports" ADD CONSTRAINT "item_reports_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_reports" ADD CONSTRAINT "item_reports_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledgers" ADD CONSTRAINT "ledgers_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledgers" ADD CONSTRAINT "ledgers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_targets" ADD CONSTRAINT "local_targets_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_targets" ADD CONSTRAINT "local_targets_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_ledger_id_ledgers_id_fk" FOREIGN KEY ("ledger_id") REFERENCES "public"."ledgers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_parent_id_sections_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_documents" ADD CONSTRAINT "source_documents_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_documents" ADD CONSTRAINT "source_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_aliases" ADD CONSTRAINT "unit_group_aliases_group_id_unit_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."unit_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_group_id_unit_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."unit_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_merged_into_id_units_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_unit_idx" ON "assignments" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "audit_entries" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_entries_subject_idx" ON "audit_entries" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_entries_user_idx" ON "audit_entries" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "bulletins_period_idx" ON "bulletins" USING btree ("period_id");--> statement-breakpoint
CREATE INDEX "coordination_requests_task_idx" ON "coordination_requests" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "coordination_requests_unit_idx" ON "coordination_requests" USING btree ("raised_by_unit_id");--> statement-breakpoint
CREATE INDEX "coordination_requests_routed_status_idx" ON "coordination_requests" USING btree ("routed_to","status");--> statement-breakpoint
CREATE INDEX "evidence_files_item_report_idx" ON "evidence_files" USING btree ("item_report_id");--> statement-breakpoint
CREATE INDEX "evidence_files_sha256_idx" ON "evidence_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "group_assignments_group_idx" ON "group_assignments" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "item_reports_assignment_idx" ON "item_reports" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "local_targets_indicator_idx" ON "local_targets" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "milestones_ledger_idx" ON "milestones" USING btree ("ledger_id");--> statement-breakpoint
CREATE INDEX "milestones_due_idx" ON "milestones" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "plans_year_idx" ON "plans" USING btree ("year");--> statement-breakpoint
CREATE INDEX "reporting_periods_due_idx" ON "reporting_periods" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "sections_plan_idx" ON "sections" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "sections_parent_idx" ON "sections" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "source_documents_sha256_idx" ON "source_documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "submissions_period_status_idx" ON "submissions" USING btree ("period_id","status");--> statement-breakpoint
CREATE INDEX "supervision_notices_unit_idx" ON "supervision_notices" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "supervision_notices_task_idx" ON "supervision_notices" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "tasks_plan_idx" ON "tasks" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "tasks_section_idx" ON "tasks" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "unit_aliases_unit_idx" ON "unit_aliases" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "unit_group_aliases_group_idx" ON "unit_group_aliases" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "unit_group_members_unit_idx" ON "unit_group_members" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" USING btree ("unit_id");