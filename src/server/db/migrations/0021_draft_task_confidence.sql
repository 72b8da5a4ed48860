-- How sure the parser is of each previewed task ('high' | 'medium' | 'low'): the import preview marks the
-- doubtful ones so the office checks them first.
ALTER TABLE "import_draft_tasks" ADD COLUMN "confidence" text DEFAULT 'high' NOT NULL;