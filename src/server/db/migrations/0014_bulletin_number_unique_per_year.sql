ALTER TABLE "bulletins" DROP CONSTRAINT "bulletins_plan_number_uq";--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_number_uq" UNIQUE("number");