CREATE TABLE `area` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`path` text NOT NULL,
	`households` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `area`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `area_path_unique` ON `area` (`path`);--> statement-breakpoint
CREATE INDEX `area_parent_idx` ON `area` (`parent_id`,`id`);--> statement-breakpoint
CREATE TABLE `station` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`grid_id` text NOT NULL,
	`area_path` text NOT NULL,
	`address` text NOT NULL,
	`lat` real,
	`lng` real,
	`opening_hours` text NOT NULL,
	`services` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `area`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `station_area_path_idx` ON `station` (`area_path`,`code`);--> statement-breakpoint
CREATE INDEX `station_grid_idx` ON `station` (`grid_id`);--> statement-breakpoint
CREATE TABLE `department` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`organization` text,
	`phone` text NOT NULL,
	`department_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `area`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `department`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_area_role_idx` ON `contact` (`area_id`,`role`);--> statement-breakpoint
CREATE INDEX `contact_role_idx` ON `contact` (`role`,`id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`role` text NOT NULL,
	`area_id` text,
	`area_path` text,
	`department_id` text,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `area`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `department`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_phone_unique` ON `staff` (`phone`);--> statement-breakpoint
CREATE INDEX `staff_area_path_idx` ON `staff` (`area_path`);--> statement-breakpoint
CREATE INDEX `staff_department_idx` ON `staff` (`department_id`);--> statement-breakpoint
CREATE TABLE `api_key` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_key_hash_unique` ON `api_key` (`key_hash`);