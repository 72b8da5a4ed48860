-- Each task's reporting rhythm (报送频次, src/core/rhythm.ts): quarterly as the notice says, monthly, every N weeks
-- (重点项目) or 阅知 (no report). Month and N-week periods hold only the items of tasks with that rhythm; a rhythm
-- set during the year asks nothing of periods already due (rhythm_since). Existing tasks stay quarterly.
-- And where a task came from: the notice, or added during the year (交办) from a meeting, a 批示 or otherwise.
CREATE TYPE "public"."task_origin" AS ENUM('notice', 'meeting', 'instruction', 'other');--> statement-breakpoint
CREATE TYPE "public"."task_rhythm" AS ENUM('quarterly', 'monthly', 'weeks', 'read_only');--> statement-breakpoint
ALTER TYPE "public"."period_kind" ADD VALUE 'month';--> statement-breakpoint
ALTER TYPE "public"."period_kind" ADD VALUE 'weeks';--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD COLUMN "every_weeks" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "rhythm" "task_rhythm" DEFAULT 'quarterly' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "rhythm_weeks" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "rhythm_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "origin" "task_origin" DEFAULT 'notice' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "origin_note" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_rhythm_weeks" CHECK (("tasks"."rhythm" = 'weeks') = ("tasks"."rhythm_weeks" is not null) and coalesce("tasks"."rhythm_weeks", 1) between 1 and 8);