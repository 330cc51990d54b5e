CREATE TABLE `sign_in_throttle` (
	`staff_id` integer NOT NULL,
	`client` text NOT NULL,
	`attempts` integer NOT NULL,
	`locked_until` integer,
	`last_attempt_at` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `client`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `staff` DROP COLUMN `failed_sign_ins`;--> statement-breakpoint
ALTER TABLE `staff` DROP COLUMN `locked_until`;