-- The office's corrections of an import draft (edit, split, merge, delete, add), in order, each with what the
-- draft said before and after; kept with the import after the confirm so the parser can be measured per layout.
CREATE TABLE "import_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	CONSTRAINT "import_corrections_draft_sequence_uq" UNIQUE("draft_id","sequence"),
	CONSTRAINT "import_corrections_kind" CHECK ("import_corrections"."kind" in ('edit', 'split', 'merge', 'delete', 'add')),
	CONSTRAINT "import_corrections_position_non_negative" CHECK ("import_corrections"."position" >= 0)
);
--> statement-breakpoint
ALTER TABLE "import_corrections" ADD CONSTRAINT "import_corrections_draft_id_source_documents_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."source_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_corrections" ADD CONSTRAINT "import_corrections_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;