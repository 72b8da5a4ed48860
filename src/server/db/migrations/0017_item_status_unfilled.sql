-- 未填报 is not 未启动: an item has no status until someone sets one, and 本期无进展 (no progress this period,
-- with the reason in the progress text) is a status a unit chooses. Existing 'not_started' rows stay as they
-- are: whether a person chose them cannot be told apart from the old default, and rewriting signed content
-- would break the hashes the leaders signed.
ALTER TYPE "item_status" ADD VALUE 'no_progress';
--> statement-breakpoint
ALTER TABLE "item_reports" ALTER COLUMN "status" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "item_reports" ALTER COLUMN "status" DROP NOT NULL;
