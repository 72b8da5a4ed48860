-- A disputed assignment the office upholds (维持原分工) goes back to the unit with the office's reason.
ALTER TABLE "assignments" ADD COLUMN "upheld_note" text;
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "upheld_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "assignment_events" DROP CONSTRAINT "assignment_events_action_valid";
--> statement-breakpoint
ALTER TABLE "assignment_events" ADD CONSTRAINT "assignment_events_action_valid" CHECK ("assignment_events"."action" in ('acknowledge', 'dispute', 'reassign', 'uphold'));
--> statement-breakpoint
-- 代签: the acting signer a unit's leader names for one period, and on a signed submission the leader signed for.
CREATE TABLE "acting_signers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"named_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acting_signers_unit_period_uq" UNIQUE("unit_id","period_id")
);
--> statement-breakpoint
ALTER TABLE "acting_signers" ADD CONSTRAINT "acting_signers_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "acting_signers" ADD CONSTRAINT "acting_signers_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "acting_signers" ADD CONSTRAINT "acting_signers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "acting_signers" ADD CONSTRAINT "acting_signers_named_by_users_id_fk" FOREIGN KEY ("named_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "signed_for_id" uuid;
--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_signed_for_id_users_id_fk" FOREIGN KEY ("signed_for_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
