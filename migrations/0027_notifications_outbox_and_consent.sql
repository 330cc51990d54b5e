CREATE TABLE `area_notify_group` (
	`area_id` text PRIMARY KEY NOT NULL,
	`url_box` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `area`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notification` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`recipient_kind` text NOT NULL,
	`recipient_ref` text,
	`recipient` text,
	`recipient_role` text,
	`recipient_name` text,
	`case_id` text NOT NULL,
	`event_id` integer,
	`area_path` text NOT NULL,
	`params` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`answer` text,
	`not_before` integer,
	`leased_until` integer,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notification_case_idx` ON `notification` (`case_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_created_idx` ON `notification` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notification_status_idx` ON `notification` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notification_channel_idx` ON `notification` (`channel`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notification_recipient_sent_idx` ON `notification` (`recipient`,`sent_at`);--> statement-breakpoint
CREATE INDEX `notification_channel_sent_idx` ON `notification` (`channel`,`sent_at`);--> statement-breakpoint
ALTER TABLE `case` ADD `notify_resident` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `notify_sms` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `notify_group` integer DEFAULT true NOT NULL;