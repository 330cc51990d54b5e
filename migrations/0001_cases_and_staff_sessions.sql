CREATE TABLE `case_counter` (
	`scope` text NOT NULL,
	`metric` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`scope`, `metric`)
);
--> statement-breakpoint
CREATE TABLE `case_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`from_status` text,
	`to_status` text NOT NULL,
	`from_level` text,
	`to_level` text NOT NULL,
	`text` text,
	`public` integer NOT NULL,
	`data` text,
	`previous_revision` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_event_case_idx` ON `case_event` (`case_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_event_revision_unique` ON `case_event` (`case_id`,`previous_revision`);--> statement-breakpoint
CREATE TABLE `case` (
	`id` text PRIMARY KEY NOT NULL,
	`tracking_code` text NOT NULL,
	`category` text NOT NULL,
	`channel` text NOT NULL,
	`description` text NOT NULL,
	`photo_key` text,
	`attributes` text,
	`station_code` text,
	`micro_grid_id` text,
	`address` text,
	`lat` real,
	`lng` real,
	`area_path` text NOT NULL,
	`street_id` text,
	`community_id` text,
	`grid_id` text,
	`reporter_name` text,
	`reporter_phone` text,
	`level` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` integer,
	`department_id` text,
	`due_at` integer NOT NULL,
	`overdue` integer DEFAULT false NOT NULL,
	`next_urge_at` integer NOT NULL,
	`urge_count` integer DEFAULT 0 NOT NULL,
	`last_urged_at` integer,
	`extension_due_at` integer,
	`extension_reason` text,
	`resolution` text,
	`resolved_at` integer,
	`resolved_level` text,
	`resolved_on_time` integer,
	`closed_at` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`satisfaction` text,
	`feedback_comment` text,
	`merged_into` text,
	`created_by` text NOT NULL,
	`idempotency_key` text,
	`request_hash` text,
	`revision` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_tracking_code_unique` ON `case` (`tracking_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_idempotency_unique` ON `case` (`created_by`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `case_created_idx` ON `case` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_street_created_idx` ON `case` (`street_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_community_created_idx` ON `case` (`community_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_grid_created_idx` ON `case` (`grid_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_micro_grid_created_idx` ON `case` (`micro_grid_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_department_created_idx` ON `case` (`department_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_station_idx` ON `case` (`station_code`,`category`,`status`);--> statement-breakpoint
CREATE INDEX `case_open_urge_idx` ON `case` (`next_urge_at`) WHERE status IN ('submitted', 'in_progress');--> statement-breakpoint
CREATE INDEX `case_resolved_idx` ON `case` (`resolved_at`) WHERE status = 'resolved';--> statement-breakpoint
CREATE TABLE `staff_session` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_session_staff_idx` ON `staff_session` (`staff_id`);--> statement-breakpoint
ALTER TABLE `api_key` ADD `area_path` text;