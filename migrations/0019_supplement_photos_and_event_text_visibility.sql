CREATE TABLE `case_photo` (
	`case_id` text NOT NULL,
	`photo_key` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `photo_key`)
);
--> statement-breakpoint
CREATE INDEX `case_photo_key_idx` ON `case_photo` (`photo_key`);--> statement-breakpoint
CREATE INDEX `case_photo_created_idx` ON `case_photo` (`created_at`);--> statement-breakpoint
ALTER TABLE `case_event` ADD `text_public` integer;