ALTER TABLE `station` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `contact` ADD `revision` integer DEFAULT 1 NOT NULL;