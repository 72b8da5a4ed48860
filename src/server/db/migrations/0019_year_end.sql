-- 年终结转: a closed plan (who closed it, when), the task a carried-over task continues, and the office's year-end
-- decision on each unfinished task (carried into a plan of the next year, or closed with a reason).
ALTER TABLE "plans" ADD COLUMN "closed_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "closed_by" uuid;
--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "carried_from_task_id" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_carried_from_task_id_tasks_id_fk" FOREIGN KEY ("carried_from_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "tasks_carried_from_idx" ON "tasks" USING btree ("carried_from_task_id");
--> statement-breakpoint
CREATE TABLE "year_end_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"target_task_id" uuid,
	"reason" text,
	"summary" jsonb NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "year_end_decisions_task_uq" UNIQUE("task_id"),
	CONSTRAINT "year_end_decisions_decision_valid" CHECK ("year_end_decisions"."decision" in ('carry', 'close')),
	CONSTRAINT "year_end_decisions_close_has_reason" CHECK ("year_end_decisions"."decision" <> 'close' or "year_end_decisions"."reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "year_end_decisions" ADD CONSTRAINT "year_end_decisions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "year_end_decisions" ADD CONSTRAINT "year_end_decisions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "year_end_decisions" ADD CONSTRAINT "year_end_decisions_target_task_id_tasks_id_fk" FOREIGN KEY ("target_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "year_end_decisions" ADD CONSTRAINT "year_end_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "year_end_decisions_plan_idx" ON "year_end_decisions" USING btree ("plan_id");
