ALTER TABLE `case_event` ADD `street_id` text;--> statement-breakpoint
ALTER TABLE `case_event` ADD `community_id` text;--> statement-breakpoint
ALTER TABLE `case_event` ADD `grid_id` text;--> statement-breakpoint
ALTER TABLE `case_event` ADD `micro_grid_id` text;--> statement-breakpoint
ALTER TABLE `case_event` ADD `department_id` text;--> statement-breakpoint
CREATE INDEX `case_event_street_idx` ON `case_event` (`street_id`,`id`) WHERE street_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_event_community_idx` ON `case_event` (`community_id`,`id`) WHERE community_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_event_grid_idx` ON `case_event` (`grid_id`,`id`) WHERE grid_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_event_micro_grid_idx` ON `case_event` (`micro_grid_id`,`id`) WHERE micro_grid_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_event_department_idx` ON `case_event` (`department_id`,`id`) WHERE department_id IS NOT NULL;