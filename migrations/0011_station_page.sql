CREATE TABLE `station_page` (
	`code` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`data` text NOT NULL
);
