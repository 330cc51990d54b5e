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
