ALTER TABLE "tasks" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "public_note" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "public_note_at" timestamp with time zone;