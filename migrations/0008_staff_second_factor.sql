CREATE TABLE `staff_recovery_code` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_recovery_code_staff_idx` ON `staff_recovery_code` (`staff_id`);--> statement-breakpoint
ALTER TABLE `staff` ADD `totp_secret` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `totp_enabled_at` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `staff_session` ADD `second_factor_at` integer;