-- name: CreateInvitation :one
INSERT INTO invitations (id, org_id, email, role, team_ids, token_hash, invited_by, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING *;

-- name: RevokeExpiredInvitations :exec
-- Expired invitations stop blocking a new invitation to the same address.
UPDATE invitations SET revoked_at = now()
WHERE org_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= now();

-- name: GetInvitation :one
SELECT * FROM invitations WHERE org_id = $1 AND id = $2;

-- name: GetPendingInvitationByToken :one
SELECT i.*, o.name AS org_name
FROM invitations i JOIN organizations o ON o.id = i.org_id
WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now();

-- name: ListPendingInvitations :many
SELECT * FROM invitations
WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
ORDER BY created_at DESC;

-- name: MarkInvitationAccepted :execrows
UPDATE invitations SET accepted_at = now()
WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL;

-- name: MarkInvitationSent :exec
UPDATE invitations SET sent_at = COALESCE(sent_at, now()) WHERE id = $1;

-- name: RevokeInvitation :execrows
UPDATE invitations SET revoked_at = now()
WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL;

-- name: GetInvitationDetails :one
SELECT i.*, o.name AS org_name, COALESCE(u.name, '') AS inviter_name
FROM invitations i
JOIN organizations o ON o.id = i.org_id
LEFT JOIN users u ON u.id = i.invited_by
WHERE i.id = $1;
