-- name: InsertNotification :execrows
-- Plans one notification; planning the same (event, recipient, channel)
-- again changes nothing.
INSERT INTO notifications (id, org_id, event_key, kind, channel, recipient_id, recipient_key, address,
                           chat_id, title, body, link, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (org_id, event_key, recipient_key, channel) DO NOTHING;

-- name: NotificationsOfEvent :many
SELECT * FROM notifications WHERE org_id = $1 AND event_key = $2 ORDER BY id;

-- name: GetNotification :one
SELECT * FROM notifications WHERE id = $1;

-- name: ClaimNotification :one
-- Takes a pending notification for one delivery attempt, unless another
-- attempt holds it.
UPDATE notifications
SET attempts = attempts + 1, lease_until = now() + make_interval(secs => sqlc.arg(lease_seconds)::int), updated_at = now()
WHERE id = sqlc.arg(id) AND status = 'pending' AND (lease_until IS NULL OR lease_until < now())
RETURNING *;

-- name: FinishNotification :one
-- Records the outcome of the attempt that holds the notification.
UPDATE notifications
SET status = sqlc.arg(status), provider = sqlc.narg(provider), provider_message_id = sqlc.narg(provider_message_id),
    provider_status = sqlc.narg(provider_status), last_error = sqlc.narg(last_error),
    sent_at = CASE WHEN sqlc.arg(status) = 'sent' THEN now() END, lease_until = NULL, updated_at = now()
WHERE id = sqlc.arg(id) AND status = 'pending'
RETURNING *;

-- name: ReleaseNotification :exec
-- Gives a notification back after a transient failure, for the next attempt.
UPDATE notifications SET lease_until = NULL, last_error = $2, updated_at = now()
WHERE id = $1 AND status = 'pending';

-- name: MemberNotifications :many
-- A member's notifications, newest first, one page.
SELECT * FROM notifications
WHERE org_id = sqlc.arg(org_id) AND recipient_id = sqlc.arg(recipient_id)
  AND (sqlc.narg(before)::uuid IS NULL OR id < sqlc.narg(before)::uuid)
  AND (sqlc.narg(channel)::text IS NULL OR channel = sqlc.narg(channel)::text)
ORDER BY id DESC
LIMIT sqlc.arg(max_rows);

-- name: CountUnreadNotifications :one
SELECT count(*)::int FROM notifications
WHERE org_id = $1 AND recipient_id = $2 AND channel = 'browser' AND read_at IS NULL;

-- name: MarkNotificationsRead :exec
-- Marks a member's browser notifications read, all or up to one.
UPDATE notifications SET read_at = now()
WHERE org_id = sqlc.arg(org_id) AND recipient_id = sqlc.arg(recipient_id) AND channel = 'browser' AND read_at IS NULL
  AND (sqlc.narg(up_to)::uuid IS NULL OR id <= sqlc.narg(up_to)::uuid);

-- name: OrgNotifications :many
-- The organisation's outbox, newest first, one page.
SELECT sqlc.embed(n), u.name AS recipient_name
FROM notifications n LEFT JOIN users u ON u.id = n.recipient_id
WHERE n.org_id = sqlc.arg(org_id)
  AND (sqlc.narg(before)::uuid IS NULL OR n.id < sqlc.narg(before)::uuid)
  AND (sqlc.narg(status)::text IS NULL OR n.status = sqlc.narg(status)::text)
  AND (sqlc.narg(channel)::text IS NULL OR n.channel = sqlc.narg(channel)::text)
  AND (sqlc.narg(kind)::text IS NULL OR n.kind = sqlc.narg(kind)::text)
ORDER BY n.id DESC
LIMIT sqlc.arg(max_rows);

-- name: NotificationRecipients :many
-- What planning needs to know about members: where to reach them, their
-- choices, and their availability schedule for quiet hours.
SELECT m.user_id, u.email, u.name, u.phone, m.notification_preferences, m.quiet_hours, m.schedule_id
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.org_id = $1 AND m.user_id = ANY(sqlc.arg(user_ids)::uuid[])
ORDER BY m.user_id;

-- name: OnlineTeamMembers :many
-- Members of a team whose console confirmed them online within a minute.
SELECT tm.user_id
FROM team_members tm
JOIN agent_presence p ON p.org_id = tm.org_id AND p.user_id = tm.user_id
WHERE tm.org_id = $1 AND tm.team_id = $2 AND p.status = 'online' AND p.last_heartbeat_at > now() - interval '60 seconds'
ORDER BY tm.user_id;

-- name: TeamSupervisors :many
-- Who hears about a team's long waits: its members with the supervisor
-- role or above, else every supervisor, admin and owner of the organisation.
SELECT m.user_id
FROM memberships m
WHERE m.org_id = sqlc.arg(org_id) AND m.role IN ('supervisor', 'admin', 'owner')
  AND (EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = sqlc.arg(team_id) AND tm.user_id = m.user_id)
       OR NOT EXISTS (SELECT 1 FROM team_members tm JOIN memberships s ON s.org_id = tm.org_id AND s.user_id = tm.user_id
                      WHERE tm.team_id = sqlc.arg(team_id) AND s.role IN ('supervisor', 'admin', 'owner')))
ORDER BY m.user_id;

-- name: GetNotificationDefaults :one
SELECT notification_defaults FROM organizations WHERE id = $1;

-- name: SetNotificationDefaults :exec
UPDATE organizations SET notification_defaults = $2, updated_at = now() WHERE id = $1;

-- name: GetNotificationPreferences :one
SELECT notification_preferences, quiet_hours, schedule_id FROM memberships WHERE org_id = $1 AND user_id = $2;

-- name: SetNotificationPreferences :exec
UPDATE memberships SET notification_preferences = $3, quiet_hours = $4, updated_at = now()
WHERE org_id = $1 AND user_id = $2;

-- name: UpdateUserProfile :one
UPDATE users SET name = $2, phone = $3, avatar_url = $4, updated_at = now()
WHERE id = $1
RETURNING *;

-- name: RecordProviderStatus :execrows
-- A provider's later word on a message it accepted: its delivery status,
-- and a failure when it will never arrive. A final status is never replaced
-- by an earlier one arriving late.
UPDATE notifications
SET provider_status = sqlc.arg(provider_status),
    status = CASE WHEN sqlc.arg(failed)::boolean THEN 'failed' ELSE status END,
    last_error = CASE WHEN sqlc.arg(failed)::boolean THEN sqlc.narg(last_error) ELSE last_error END,
    updated_at = now()
WHERE provider = sqlc.arg(provider) AND provider_message_id = sqlc.arg(provider_message_id)
  AND status IN ('sent', 'failed')
  AND (provider_status IS NULL OR provider_status NOT IN ('delivered', 'read', 'undelivered', 'failed', 'canceled')
       OR sqlc.arg(provider_status) IN ('undelivered', 'failed', 'canceled'));

