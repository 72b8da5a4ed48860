CREATE TABLE "import_draft_tasks" (
	"draft_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"source" integer NOT NULL,
	"section" jsonb NOT NULL,
	"number" text,
	"text" text NOT NULL,
	"line" integer NOT NULL,
	"leaders" jsonb NOT NULL,
	"assignments" jsonb NOT NULL,
	"indicators" jsonb NOT NULL,
	"deadline" text,
	CONSTRAINT "import_draft_tasks_pk" PRIMARY KEY("draft_id","position")
);
--> statement-breakpoint
CREATE TABLE "import_draft_warnings" (
	"draft_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"line" integer NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "import_draft_warnings_pk" PRIMARY KEY("draft_id","position")
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "source_documents" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_draft_tasks" ADD CONSTRAINT "import_draft_tasks_draft_id_source_documents_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."source_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_draft_warnings" ADD CONSTRAINT "import_draft_warnings_draft_id_source_documents_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."source_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_published_uq" ON "plans" USING btree ("published") WHERE "plans"."published";