-- 交办: the day a leader's 批示 was given or the meeting held, when the office writes it down (null otherwise).
-- 督查室办理时效 measures the office's routing from the start of that day (China time) to the task's added_at.
ALTER TABLE "tasks" ADD COLUMN "instructed_on" date;