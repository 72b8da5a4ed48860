-- One name per concept: the unit's period report is a "submission" in the code and the web's addresses, so
-- notifications already in the bell keep working links and reminders already sent keep their dedupe keys.
UPDATE "notifications" SET "kind" = 'submission_returned' WHERE "kind" = 'package_returned';
--> statement-breakpoint
UPDATE "notifications" SET "dedupe_key" = 'submission_returned' || substr("dedupe_key", length('package_returned') + 1)
  WHERE "dedupe_key" LIKE 'package\_returned:%';
--> statement-breakpoint
UPDATE "notifications" SET "link" = '/submission/' || substr("link", length('/package/') + 1) WHERE "link" LIKE '/package/%';
--> statement-breakpoint
UPDATE "notifications" SET "link" = '/submissions/' || substr("link", length('/packages/') + 1) WHERE "link" LIKE '/packages/%';
