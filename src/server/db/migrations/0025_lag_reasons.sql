-- Reasons for lagging (滞后原因): the office's list, seeded with the reasons county and city offices ask for
-- (资金、用地、审批、拆迁、市级政策、外部因素、其他); 用地、拆迁、市级政策 need the district (提请协调). An item
-- reported 滞后 or 受阻 carries keys of this list and, for 其他, the unit's words. Existing reports get none.
CREATE TABLE "lag_reasons" (
	"key" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text,
	"active" boolean DEFAULT true NOT NULL,
	"needs_district" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "lag_reasons_label_zh_uq" UNIQUE("label_zh")
);
--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "lag_reasons" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "item_reports" ADD COLUMN "lag_reason_text" text;
--> statement-breakpoint
INSERT INTO "lag_reasons" ("key", "label_zh", "label_en", "needs_district", "position") VALUES
	('funding', '资金', 'Funding', false, 10),
	('land', '用地', 'Land', true, 20),
	('approvals', '审批', 'Approvals', false, 30),
	('relocation', '拆迁', 'Relocation', true, 40),
	('city_policy', '市级政策', 'City policy', true, 50),
	('external', '外部因素', 'External factors', false, 60),
	('other', '其他', 'Other', false, 1000);
