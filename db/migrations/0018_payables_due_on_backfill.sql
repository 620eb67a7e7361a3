-- Payables created before due dates existed fall due on the day they were created, in their organisation's time zone
-- (what PAYABLE_TERMS_DAYS = 0 gives a new one), so the first run after the upgrade proposes exactly what it did before.
-- The next migration makes the column required.
UPDATE "payables" p
   SET "due_on" = (p."created_at" AT TIME ZONE COALESCE((SELECT o."time_zone" FROM "organisations" o WHERE o."id" = p."org_id"), 'Asia/Shanghai'))::date
 WHERE p."due_on" IS NULL;
