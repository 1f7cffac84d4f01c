-- name: CreateSchedule :one
INSERT INTO availability_schedules (id, org_id, timezone) VALUES ($1, $2, $3)
RETURNING *;

-- name: UpdateScheduleTimezone :exec
UPDATE availability_schedules SET timezone = $3, updated_at = now() WHERE org_id = $1 AND id = $2;

-- name: DeleteSchedule :exec
DELETE FROM availability_schedules WHERE org_id = $1 AND id = $2;

-- name: ClearScheduleHours :exec
DELETE FROM schedule_hours WHERE schedule_id = $1;

-- name: ClearScheduleHolidays :exec
DELETE FROM schedule_holidays WHERE schedule_id = $1;

-- name: InsertScheduleHour :exec
INSERT INTO schedule_hours (schedule_id, weekday, opens_at, closes_at)
VALUES ($1, $2, sqlc.arg(opens)::text::time, sqlc.arg(closes)::text::time);

-- name: InsertScheduleHoliday :exec
INSERT INTO schedule_holidays (schedule_id, day, name) VALUES ($1, sqlc.arg(day)::text::date, $2);

-- name: SetTeamSchedule :exec
UPDATE teams SET schedule_id = $3, updated_at = now() WHERE org_id = $1 AND id = $2;

-- name: SetMemberSchedule :exec
UPDATE memberships SET schedule_id = $3, updated_at = now() WHERE org_id = $1 AND user_id = $2;
