-- 批示: leaders' instructions on tasks, signed reports, 督办单 and bulletins, routed to units that answer; 分管: leader ↔ units.
CREATE TYPE "public"."instruction_status" AS ENUM('pending', 'routed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."instruction_subject" AS ENUM('task', 'submission', 'supervision_notice', 'bulletin');--> statement-breakpoint
CREATE TABLE "instruction_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"answer" text,
	"evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	CONSTRAINT "instruction_targets_instruction_unit_uq" UNIQUE("instruction_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "instructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" "instruction_subject" NOT NULL,
	"subject_id" uuid NOT NULL,
	"task_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"status" "instruction_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"routed_by" uuid,
	"routed_at" timestamp with time zone,
	"route_note" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"close_note" text,
	CONSTRAINT "instructions_body_not_blank" CHECK (btrim("instructions"."body") <> '')
);
--> statement-breakpoint
CREATE TABLE "leader_units" (
	"user_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leader_units_pk" PRIMARY KEY("user_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "instruction_targets" ADD CONSTRAINT "instruction_targets_instruction_id_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."instructions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruction_targets" ADD CONSTRAINT "instruction_targets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruction_targets" ADD CONSTRAINT "instruction_targets_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructions" ADD CONSTRAINT "instructions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructions" ADD CONSTRAINT "instructions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructions" ADD CONSTRAINT "instructions_routed_by_users_id_fk" FOREIGN KEY ("routed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructions" ADD CONSTRAINT "instructions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_units" ADD CONSTRAINT "leader_units_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_units" ADD CONSTRAINT "leader_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instruction_targets_unit_idx" ON "instruction_targets" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "instructions_status_idx" ON "instructions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "instructions_author_idx" ON "instructions" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "instructions_task_idx" ON "instructions" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "instructions_subject_idx" ON "instructions" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "leader_units_unit_idx" ON "leader_units" USING btree ("unit_id");