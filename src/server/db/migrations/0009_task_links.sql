CREATE TABLE "task_links" (
	"task_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"status" text NOT NULL,
	"score" double precision,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_links_pk" PRIMARY KEY("task_id","target_id"),
	CONSTRAINT "task_links_status_valid" CHECK ("task_links"."status" in ('confirmed', 'rejected')),
	CONSTRAINT "task_links_not_self" CHECK ("task_links"."task_id" <> "task_links"."target_id")
);
--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_target_id_tasks_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_links_target_idx" ON "task_links" USING btree ("target_id");