-- Organisations (decision 0010, step 1): the one office of an existing installation becomes organisation 'default', owning every row of the directory, accounts, plans, settings and audit log.
CREATE TYPE "public"."organisation_level" AS ENUM('province', 'city', 'district');--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" "organisation_level" NOT NULL,
	"parent_id" uuid,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_uq" UNIQUE("slug"),
	CONSTRAINT "organisations_not_own_parent" CHECK ("organisations"."parent_id" <> "organisations"."id")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_id_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_parent_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
-- Every database, empty or not, has the default organisation from here on (no office name is stored in settings before this migration).
INSERT INTO "organisations" ("name", "level", "slug") VALUES ('本区', 'district', 'default');--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
UPDATE "audit_entries" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
UPDATE "plans" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
UPDATE "settings" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
UPDATE "units" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
UPDATE "users" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
ALTER TABLE "audit_entries" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" DROP CONSTRAINT "settings_pkey";--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_pkey" PRIMARY KEY("organisation_id","key");--> statement-breakpoint
ALTER TABLE "plans" DROP CONSTRAINT "plans_doc_no_uq";--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_doc_no_uq" UNIQUE("organisation_id","doc_no");--> statement-breakpoint
ALTER TABLE "units" DROP CONSTRAINT "units_name_uq";--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_name_uq" UNIQUE("organisation_id","name");--> statement-breakpoint
DROP INDEX "plans_year_idx";--> statement-breakpoint
CREATE INDEX "plans_year_idx" ON "plans" USING btree ("organisation_id","year");--> statement-breakpoint
DROP INDEX "plans_one_published_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_published_uq" ON "plans" USING btree ("organisation_id") WHERE "plans"."published";--> statement-breakpoint
CREATE INDEX "audit_entries_organisation_idx" ON "audit_entries" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "users_organisation_idx" ON "users" USING btree ("organisation_id");
