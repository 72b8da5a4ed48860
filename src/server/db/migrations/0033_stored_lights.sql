-- Stored lights (docs/decisions/0011-stored-lights.md): each item's light kept in item_lights, recomputed per marked unit from light_marks instead of per plan on every read.
CREATE TABLE "item_lights" (
	"assignment_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"plan_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"light" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"expected_share" double precision,
	"status" text,
	"progress" text,
	"progress_class" text,
	"deadline" date,
	"closed" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	CONSTRAINT "item_lights_pk" PRIMARY KEY("assignment_id","period_key")
);
--> statement-breakpoint
CREATE TABLE "light_marks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "light_marks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"plan_id" uuid,
	"unit_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_lights" ADD CONSTRAINT "item_lights_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_lights_plan_unit_idx" ON "item_lights" USING btree ("plan_id","unit_id");--> statement-breakpoint
CREATE INDEX "item_lights_plan_period_light_idx" ON "item_lights" USING btree ("plan_id","period_key","light");--> statement-breakpoint
CREATE INDEX "item_lights_valid_until_idx" ON "item_lights" USING btree ("valid_until");--> statement-breakpoint
CREATE INDEX "light_marks_plan_idx" ON "light_marks" USING btree ("plan_id");