CREATE TABLE `photo_hold` (
	`photo_key` text PRIMARY KEY NOT NULL,
	`held_until` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `photo_hold_held_until` ON `photo_hold` (`held_until`);