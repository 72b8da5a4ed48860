-- 配合单位先于牵头单位: the office's gap per plan (days before the period's deadline a co-unit's input is due,
-- 0..30, 0 = one date for everyone as before). 最多报一次: a 督办单 answer carries the indicator actuals, evidence (by
-- reference to files already uploaded to the item) and contact the unit gave in its package and ledger.
-- Generated after 0027 (quality flags).
ALTER TABLE "plans" ADD COLUMN "co_unit_lead_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD COLUMN "indicator_actuals" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD COLUMN "evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD COLUMN "contact" text;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_co_unit_lead_days_range" CHECK ("plans"."co_unit_lead_days" between 0 and 30);