ALTER TABLE "bulletins" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "draft" jsonb;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "published_by" uuid;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;