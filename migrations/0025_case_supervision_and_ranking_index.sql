ALTER TABLE `case` ADD `supervised_at` integer;--> statement-breakpoint
ALTER TABLE `case` ADD `supervision_reason` text;--> statement-breakpoint
CREATE INDEX `case_supervised_idx` ON `case` (`supervised_at`,`area_path`) WHERE supervised_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_created_rank_idx` ON `case` (`created_at`,`street_id`,`community_id`,`grid_id`,`department_id`,`status`,`resolved_at`,`resolved_on_time`,`satisfaction`);