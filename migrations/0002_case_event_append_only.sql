-- The case trail is append-only: the database itself refuses to change or remove an event.
CREATE TRIGGER `case_event_no_update` BEFORE UPDATE ON `case_event`
BEGIN
  SELECT RAISE(ABORT, 'case_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `case_event_no_delete` BEFORE DELETE ON `case_event`
BEGIN
  SELECT RAISE(ABORT, 'case_event is append-only');
END;
