ALTER TABLE `station` ADD `hsds_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `station_hsds_id_unique` ON `station` (`hsds_id`);--> statement-breakpoint
ALTER TABLE `contact` ADD `hsds_service_id` text;--> statement-breakpoint
ALTER TABLE `contact` ADD `hsds_organization_id` text;--> statement-breakpoint
CREATE INDEX `contact_hsds_service_idx` ON `contact` (`hsds_service_id`);--> statement-breakpoint
CREATE INDEX `contact_hsds_organization_idx` ON `contact` (`hsds_organization_id`);