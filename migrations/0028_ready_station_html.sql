CREATE TABLE `station_page_html` (
	`code` text NOT NULL,
	`variant` text NOT NULL,
	`renderer` text NOT NULL,
	`stamp` text NOT NULL,
	`html` text NOT NULL,
	PRIMARY KEY(`code`, `variant`)
);
--> statement-breakpoint
ALTER TABLE `station_page` ADD `stamp` text DEFAULT '' NOT NULL;