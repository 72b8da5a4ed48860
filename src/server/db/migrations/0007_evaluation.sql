CREATE TABLE "quality_ratings" (
	"unit_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"note" text,
	"rated_by" uuid,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_ratings_pk" PRIMARY KEY("unit_id","period_id"),
	CONSTRAINT "quality_ratings_score_range" CHECK ("quality_ratings"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;