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

-- name: ContactBlocked :one
-- Whether an entry blocks the contact (by id, email or phone) or the address
-- the visitor writes from.
SELECT EXISTS (
    SELECT 1 FROM blacklist_entries b JOIN contacts c ON c.id = sqlc.arg(contact_id)::uuid AND c.org_id = b.org_id
    WHERE b.org_id = sqlc.arg(org_id) AND (
           (b.kind = 'contact' AND b.value = c.id::text)
        OR (b.kind = 'email' AND b.value = lower(c.email::text))
        OR (b.kind = 'phone' AND b.value = c.phone)
        OR (b.kind = 'ip' AND b.value = sqlc.arg(ip)::text AND sqlc.arg(ip)::text <> ''))
) AS blocked;
