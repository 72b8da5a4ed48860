-- 关注: a district leader's watches on tasks, units and 督办单, listed with their lights on the leader's page.
CREATE TYPE "public"."watch_subject" AS ENUM('task', 'unit', 'supervision_notice');--> statement-breakpoint
CREATE TABLE "watches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"subject_type" "watch_subject" NOT NULL,
	"subject_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watches_user_subject_uq" UNIQUE("user_id","subject_type","subject_id")
);
--> statement-breakpoint
ALTER TABLE "watches" ADD CONSTRAINT "watches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;