DROP INDEX "approval_instances_org_status_idx";--> statement-breakpoint
DROP INDEX "approval_instances_due_idx";--> statement-breakpoint
DROP INDEX "approval_instances_assignees_idx";--> statement-breakpoint
CREATE INDEX "approval_instances_due_idx" ON "approval_instances" USING btree ("next_due_at") WHERE "approval_instances"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "approval_instances_assignees_idx" ON "approval_instances" USING gin ("assignees") WHERE "approval_instances"."status" = 'pending';