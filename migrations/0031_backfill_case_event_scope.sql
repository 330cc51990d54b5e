-- The trail stays append-only (0002): no column of what happened may change. The copies of the case's
-- areas and department (worker/cases/event-scope.ts) are not the trail but an index key that follows
-- the case, so the trigger now guards the trail's own columns only.
DROP TRIGGER IF EXISTS `case_event_no_update`;
--> statement-breakpoint
CREATE TRIGGER `case_event_no_update`
BEFORE UPDATE OF `id`, `case_id`, `action`, `actor`, `actor_name`, `from_status`, `to_status`, `from_level`, `to_level`,
  `text`, `public`, `text_public`, `data`, `previous_revision`, `created_at` ON `case_event`
BEGIN
  SELECT RAISE(ABORT, 'case_event is append-only');
END;
--> statement-breakpoint
-- Existing events take their case's areas and department (worker/cases/event-scope.ts keeps new ones equal).
-- One statement: at a million cases, a few million events, each a lookup of its case by primary key.
UPDATE `case_event`
SET `street_id` = c.`street_id`,
    `community_id` = c.`community_id`,
    `grid_id` = c.`grid_id`,
    `micro_grid_id` = c.`micro_grid_id`,
    `department_id` = c.`department_id`
FROM `case` AS c
WHERE c.`id` = `case_event`.`case_id`;
