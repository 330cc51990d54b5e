CREATE TABLE `hsds_pairing` (
	`position` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`total` integer NOT NULL,
	`code` text NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`service_id` text,
	`organization_id` text,
	`organization` text,
	`location_id` text NOT NULL,
	`station_name` text NOT NULL,
	`station_name_en` text,
	`address` text NOT NULL,
	`lat` real,
	`lng` real,
	`area_name` text,
	`area_level` text,
	`parent_name` text,
	`modified` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `hsds_pairing_location_idx` ON `hsds_pairing` (`location_id`);