DROP INDEX `case_contact_retention_idx`;--> statement-breakpoint
CREATE INDEX `case_personal_data_retention_idx` ON `case` (`closed_at`) WHERE reporter_name IS NOT NULL OR reporter_phone IS NOT NULL OR photo_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `case_photo_idx` ON `case` (`photo_key`) WHERE photo_key IS NOT NULL;