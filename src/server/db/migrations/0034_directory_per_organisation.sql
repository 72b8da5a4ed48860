-- Organisations (decision 0010): unit aliases, unit groups, group aliases and uploaded notices belong to an organisation, so names and duplicate uploads are unique and matched per organisation; existing rows go to their unit's, group's or plan's organisation (today: the default one).
ALTER TABLE "unit_aliases" DROP CONSTRAINT "unit_aliases_alias_uq";--> statement-breakpoint
ALTER TABLE "unit_group_aliases" DROP CONSTRAINT "unit_group_aliases_alias_uq";--> statement-breakpoint
ALTER TABLE "unit_groups" DROP CONSTRAINT "unit_groups_name_uq";--> statement-breakpoint
DROP INDEX "source_documents_sha256_idx";--> statement-breakpoint
ALTER TABLE "source_documents" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "unit_group_aliases" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
UPDATE "unit_aliases" a SET "organisation_id" = u."organisation_id" FROM "units" u WHERE u."id" = a."unit_id";--> statement-breakpoint
UPDATE "unit_groups" SET "organisation_id" = (SELECT "id" FROM "organisations" WHERE "slug" = 'default');--> statement-breakpoint
UPDATE "unit_group_aliases" a SET "organisation_id" = g."organisation_id" FROM "unit_groups" g WHERE g."id" = a."group_id";--> statement-breakpoint
UPDATE "source_documents" d SET "organisation_id" = coalesce(
	(SELECT p."organisation_id" FROM "plans" p WHERE p."id" = d."plan_id"),
	(SELECT u."organisation_id" FROM "users" u WHERE u."id" = d."uploaded_by"),
	(SELECT "id" FROM "organisations" WHERE "slug" = 'default'));--> statement-breakpoint
ALTER TABLE "source_documents" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_aliases" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_group_aliases" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_groups" ALTER COLUMN "organisation_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "source_documents" ADD CONSTRAINT "source_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_aliases" ADD CONSTRAINT "unit_group_aliases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD CONSTRAINT "unit_groups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_documents_sha256_idx" ON "source_documents" USING btree ("organisation_id","sha256");--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_alias_uq" UNIQUE("organisation_id","alias");--> statement-breakpoint
ALTER TABLE "unit_group_aliases" ADD CONSTRAINT "unit_group_aliases_alias_uq" UNIQUE("organisation_id","alias");--> statement-breakpoint
ALTER TABLE "unit_groups" ADD CONSTRAINT "unit_groups_name_uq" UNIQUE("organisation_id","name");
