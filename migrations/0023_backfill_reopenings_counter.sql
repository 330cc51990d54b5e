-- Custom SQL migration file, put your code below! --
-- The scorecards' "reopenings" counter (worker/workflow/counters.ts talliesOf): each case adds its
-- reopen_count to every area on its path (the ids between the slashes of area_path) and to the
-- department holding it, as the workflow does from now on in the batch of each write.
WITH RECURSIVE segment(rest, scope, times) AS (
  SELECT substr(area_path, 2), NULL, reopen_count FROM "case" WHERE reopen_count > 0
  UNION ALL
  SELECT substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1), times FROM segment WHERE instr(rest, '/') > 0
)
INSERT INTO case_counter (scope, metric, value)
SELECT scope, 'reopenings', SUM(times) FROM segment WHERE scope IS NOT NULL GROUP BY scope
UNION ALL
SELECT 'department:' || department_id, 'reopenings', SUM(reopen_count) FROM "case"
WHERE reopen_count > 0 AND department_id IS NOT NULL GROUP BY department_id;
