DROP INDEX `case_open_area_due_idx`;--> statement-breakpoint
CREATE INDEX `case_open_due_area_idx` ON `case` (`due_at`,`area_path`) WHERE status IN ('submitted', 'in_progress');--> statement-breakpoint
CREATE INDEX `case_open_level_due_idx` ON `case` (`level`,`due_at`) WHERE status IN ('submitted', 'in_progress');