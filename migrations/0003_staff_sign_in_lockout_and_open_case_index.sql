ALTER TABLE `staff` ADD `failed_sign_ins` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `locked_until` integer;--> statement-breakpoint
CREATE INDEX `case_open_area_due_idx` ON `case` (`area_path`,`due_at`) WHERE status IN ('submitted', 'in_progress');