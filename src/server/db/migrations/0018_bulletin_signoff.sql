CREATE TYPE "public"."bulletin_signoff" AS ENUM('none', 'pending', 'approved', 'returned');--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "signoff" "bulletin_signoff" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "approver_id" uuid;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "signoff_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "signoff_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "signed_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "corrects_id" uuid;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "correction" text;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_signoff_requested_by_users_id_fk" FOREIGN KEY ("signoff_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_corrects_id_bulletins_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."bulletins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulletins_corrects_idx" ON "bulletins" USING btree ("corrects_id");--> statement-breakpoint
UPDATE "bulletins" SET "signoff" = 'approved' WHERE "status" = 'published';--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_published_signed_off" CHECK ("bulletins"."status" <> 'published' or "bulletins"."signoff" = 'approved');--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_signoff_has_approver" CHECK ("bulletins"."signoff" in ('none', 'approved') or "bulletins"."approver_id" is not null);
