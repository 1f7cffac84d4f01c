-- name: CreateBlacklistEntry :one
INSERT INTO blacklist_entries (id, org_id, kind, value, reason, created_by)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: ListBlacklist :many
SELECT * FROM blacklist_entries WHERE org_id = $1 ORDER BY created_at DESC;

-- name: DeleteBlacklistEntry :execrows
DELETE FROM blacklist_entries WHERE org_id = $1 AND id = $2;

-- name: MatchBlacklist :one
-- The first entry that blocks any of the visitor's identifiers.
SELECT * FROM blacklist_entries
WHERE org_id = $1 AND (
       (kind = 'contact' AND value = sqlc.arg(contact_id)::text)
    OR (kind = 'email' AND value = lower(sqlc.arg(email)::text) AND sqlc.arg(email)::text <> '')
    OR (kind = 'phone' AND value = sqlc.arg(phone)::text AND sqlc.arg(phone)::text <> '')
    OR (kind = 'ip' AND value = sqlc.arg(ip)::text AND sqlc.arg(ip)::text <> ''))
LIMIT 1;
