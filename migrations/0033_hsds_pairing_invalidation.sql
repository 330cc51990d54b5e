-- Ready pairings (hsds_pairing) are built from areas, stations and contacts, like the ready
-- station pages (0012): any change to those tables empties it, whichever way the change was made,
-- so a pairing is never listed from a directory that has since changed. The worker's directory
-- writes refill it in the same batch, and the cron refills it when it is empty.
CREATE TRIGGER `hsds_pairing_after_area_insert` AFTER INSERT ON `area`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_area_update` AFTER UPDATE ON `area`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_area_delete` AFTER DELETE ON `area`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_station_insert` AFTER INSERT ON `station`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_station_update` AFTER UPDATE ON `station`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_station_delete` AFTER DELETE ON `station`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_contact_insert` AFTER INSERT ON `contact`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_contact_update` AFTER UPDATE ON `contact`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
--> statement-breakpoint
CREATE TRIGGER `hsds_pairing_after_contact_delete` AFTER DELETE ON `contact`
BEGIN
  DELETE FROM `hsds_pairing`;
END;
