-- 核实方式: how the office verified each item it reviewed (查阅资料 / 电话核查 / 现场核实), with an optional note
-- (at most 500 characters), who recorded it and when; the office's record beside the unit's signed content.
CREATE TYPE "public"."verification_method" AS ENUM('documents', 'phone', 'on_site');--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "verification_method" "verification_method";--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "verification_note" text;--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "verified_by" uuid;--> statement-breakpoint
ALTER TABLE "item_reports" ADD CONSTRAINT "item_reports_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_reports" ADD CONSTRAINT "item_reports_verification_note_length" CHECK ("item_reports"."verification_note" is null or char_length("item_reports"."verification_note") <= 500);