-- name: CreateWidget :one
INSERT INTO widgets (id, org_id, team_id, name, public_key, allowed_origins, identity_required,
    color, title, greeting, position, language)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING *;

-- name: ListWidgets :many
SELECT * FROM widgets WHERE org_id = $1 ORDER BY created_at, id;

-- name: GetWidget :one
SELECT * FROM widgets WHERE org_id = $1 AND id = $2;

-- name: GetWidgetByKey :one
SELECT * FROM widgets WHERE public_key = $1;

-- name: UpdateWidget :one
UPDATE widgets SET team_id = $3, name = $4, allowed_origins = $5, identity_required = $6,
    color = $7, title = $8, greeting = $9, position = $10, language = $11, updated_at = now()
WHERE org_id = $1 AND id = $2
RETURNING *;

-- name: DeleteWidget :execrows
DELETE FROM widgets WHERE org_id = $1 AND id = $2;

-- name: GetIdentitySecret :one
SELECT identity_secret FROM organizations WHERE id = $1;

-- name: SetIdentitySecret :exec
UPDATE organizations SET identity_secret = $2, updated_at = now() WHERE id = $1;

-- name: CreateVisitorSession :one
INSERT INTO visitor_sessions (token_hash, org_id, widget_id, contact_id, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetVisitorSession :one
-- A live session, slid forward on use.
UPDATE visitor_sessions SET last_seen_at = now(), expires_at = GREATEST(expires_at, $2)
WHERE token_hash = $1 AND expires_at > now()
RETURNING *;

-- name: DeleteExpiredVisitorSessions :execrows
DELETE FROM visitor_sessions WHERE expires_at < now();

-- name: ContactOpenChat :one
-- The visitor's open chat in the widget's team, if any.
SELECT * FROM chats
WHERE org_id = $1 AND team_id = $2 AND contact_id = $3 AND status NOT IN ('ended', 'failed');

-- name: ContactChats :many
SELECT * FROM chats WHERE org_id = $1 AND contact_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3;
