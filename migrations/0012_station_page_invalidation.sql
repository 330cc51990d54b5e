-- Ready station pages (station_page) are built from areas, stations and contacts. Any change to
-- those tables empties it, so no page is ever shown from a directory that has since changed,
-- whichever way the change was made (the API, the operator CLI, a seed or plain SQL); the
-- worker's directory writes refill it in the same batch, and the cron refills what is missing.
-- A full refill of a district (~1,000 stations) takes about 0.1 s of database time.
CREATE TRIGGER `station_page_after_area_insert` AFTER INSERT ON `area`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_area_update` AFTER UPDATE ON `area`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_area_delete` AFTER DELETE ON `area`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_station_insert` AFTER INSERT ON `station`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_station_update` AFTER UPDATE ON `station`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_station_delete` AFTER DELETE ON `station`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_contact_insert` AFTER INSERT ON `contact`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_contact_update` AFTER UPDATE ON `contact`
BEGIN
  DELETE FROM `station_page`;
END;
--> statement-breakpoint
CREATE TRIGGER `station_page_after_contact_delete` AFTER DELETE ON `contact`
BEGIN
  DELETE FROM `station_page`;
END;
