-- The weekly series (`week:<ISO week>:<series>`, weeks in Asia/Shanghai) and open cases by
-- category, recounted from the case rows as worker/workflow/counters.ts `metricsOf` counts them;
-- `resolved_week:<week>` becomes `week:<week>:resolved`. Safe to run again: the rows it writes are
-- deleted first. One statement per metric: D1 allows few terms in a compound SELECT.
-- A case counts in every area on its path and in its department while one holds it: the recursive
-- `scopes` splits `/xhl/jh/jh05/` + `department:<id>/` at the slashes. The ISO week of an instant is
-- the year and the day of the year of its week's Thursday, in Shanghai time (UTC+8, no daylight saving).
DELETE FROM case_counter WHERE (metric >= 'resolved_week:' AND metric < 'resolved_week;') OR (metric >= 'week:' AND metric < 'week;') OR (metric >= 'open_category:' AND metric < 'open_category;');
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'week:' || strftime('%Y', date((created_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (created_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) || '-W' || printf('%02d', (CAST(strftime('%j', date((created_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (created_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) AS INTEGER) - 1) / 7 + 1) || ':filed', substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE 1
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'week:' || strftime('%Y', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) || '-W' || printf('%02d', (CAST(strftime('%j', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) AS INTEGER) - 1) / 7 + 1) || ':resolved', substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE resolved_at IS NOT NULL
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'week:' || strftime('%Y', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) || '-W' || printf('%02d', (CAST(strftime('%j', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) AS INTEGER) - 1) / 7 + 1) || ':on_time', substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE resolved_at IS NOT NULL AND resolved_on_time = 1
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'week:' || strftime('%Y', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) || '-W' || printf('%02d', (CAST(strftime('%j', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) AS INTEGER) - 1) / 7 + 1) || ':feedback', substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE resolved_at IS NOT NULL AND satisfaction IS NOT NULL
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'week:' || strftime('%Y', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) || '-W' || printf('%02d', (CAST(strftime('%j', date((resolved_at / 1000 + 28800), 'unixepoch', (3 - (CAST(strftime('%w', (resolved_at / 1000 + 28800), 'unixepoch') AS INTEGER) + 6) % 7) || ' days')) AS INTEGER) - 1) / 7 + 1) || ':satisfied', substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE resolved_at IS NOT NULL AND satisfaction = 'satisfied'
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
--> statement-breakpoint
WITH RECURSIVE
  counted(id, metric, rest) AS (
    SELECT id, 'open_category:' || category, substr(area_path, 2) || coalesce('department:' || department_id || '/', '')
    FROM "case" WHERE status IN ('submitted', 'in_progress')
  ),
  scopes(metric, rest, scope) AS (
    SELECT metric, rest, NULL FROM counted
    UNION ALL
    SELECT metric, substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM scopes WHERE rest <> ''
  )
INSERT INTO case_counter (scope, metric, value)
SELECT scope, metric, count(*) FROM scopes WHERE scope IS NOT NULL GROUP BY scope, metric;
