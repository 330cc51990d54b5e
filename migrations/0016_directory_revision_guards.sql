-- An edit names the revision it was made from by setting `revision` to that revision + 1; the
-- database refuses it (and with it the whole batch: the audit entry, the station pages) when the
-- row has moved on meanwhile.
CREATE TRIGGER `station_revision_guard` BEFORE UPDATE OF `revision` ON `station`
WHEN NEW.`revision` <> OLD.`revision` + 1
BEGIN
  SELECT RAISE(ABORT, 'stale revision');
END;
--> statement-breakpoint
CREATE TRIGGER `contact_revision_guard` BEFORE UPDATE OF `revision` ON `contact`
WHEN NEW.`revision` <> OLD.`revision` + 1
BEGIN
  SELECT RAISE(ABORT, 'stale revision');
END;
