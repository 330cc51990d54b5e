CREATE TABLE `webhook` (
	`id` text PRIMARY KEY NOT NULL,
	`api_key_id` text NOT NULL,
	`url` text NOT NULL,
	`secret_box` text NOT NULL,
	`actions` text,
	`active` integer DEFAULT true NOT NULL,
	`cursor` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_key`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_api_key_idx` ON `webhook` (`api_key_id`);--> statement-breakpoint
CREATE INDEX `webhook_active_idx` ON `webhook` (`active`);--> statement-breakpoint
CREATE TABLE `webhook_delivery` (
	`id` text PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`event_id` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status_code` integer,
	`last_error` text,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhook`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_delivery_event_unique` ON `webhook_delivery` (`webhook_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_delivery_list_idx` ON `webhook_delivery` (`webhook_id`,`id`);