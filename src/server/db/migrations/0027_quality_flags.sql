-- Report quality flags (报送质量提示, src/core/quality.ts): computed when a package is sent for sign-off and kept
-- on each item report, so the leader sees them before signing, the office in review, and 考评 counts them per
-- unit and period. NULL: never computed (reports sent before this migration).
ALTER TABLE "item_reports" ADD COLUMN "quality_flags" jsonb;