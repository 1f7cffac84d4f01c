-- Queries of the HTTP API's schedule and blacklist endpoints.

-- name: LockTeamSchedule :one
-- The team's schedule id, with the team row locked so concurrent schedule
-- writes of one team run one after the other.
SELECT schedule_id FROM teams WHERE org_id = $1 AND id = $2 FOR UPDATE;

-- name: LockMemberSchedule :one
-- The member's own schedule id, with the membership row locked.
SELECT schedule_id FROM memberships WHERE org_id = $1 AND user_id = $2 FOR UPDATE;

-- name: ScheduleHolidayList :many
-- A schedule's holidays with their names, in date order.
SELECT to_char(day, 'YYYY-MM-DD')::text AS day, name
FROM schedule_holidays
WHERE schedule_id = $1
ORDER BY day;

-- name: RemoveBlacklistEntry :one
-- Deletes an entry and returns it (for the audit log).
DELETE FROM blacklist_entries WHERE org_id = $1 AND id = $2
RETURNING *;
