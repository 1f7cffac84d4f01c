-- name: CreateMembership :one
INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)
RETURNING *;

-- name: GetMember :one
SELECT m.org_id, m.user_id, m.role, m.created_at, u.email, u.name
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.org_id = $1 AND m.user_id = $2;

-- name: ListMembers :many
SELECT m.org_id, m.user_id, m.role, m.created_at, u.email, u.name
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.org_id = $1
ORDER BY u.name, u.email;

-- name: FirstMembershipForUser :one
SELECT * FROM memberships WHERE user_id = $1 ORDER BY created_at, org_id LIMIT 1;

-- name: GetMembership :one
SELECT * FROM memberships WHERE org_id = $1 AND user_id = $2;

-- name: UpdateMembershipRole :one
UPDATE memberships SET role = $3, updated_at = now()
WHERE org_id = $1 AND user_id = $2
RETURNING *;

-- name: DeleteMembership :execrows
DELETE FROM memberships WHERE org_id = $1 AND user_id = $2;

-- name: CountOwners :one
SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'owner';

-- name: LockOrgOwners :exec
SELECT 1 FROM memberships WHERE org_id = $1 AND role = 'owner' FOR UPDATE;

-- name: UpsertPresence :one
INSERT INTO agent_presence (org_id, user_id, status, last_heartbeat_at, updated_at)
VALUES ($1, $2, $3, now(), now())
ON CONFLICT (org_id, user_id) DO UPDATE
SET status = EXCLUDED.status, last_heartbeat_at = now(), updated_at = now()
RETURNING *;

-- name: GetPresence :one
SELECT * FROM agent_presence WHERE org_id = $1 AND user_id = $2;

-- name: TouchPresence :one
-- A heartbeat from the agent's socket: the status stays, the beat is fresh.
UPDATE agent_presence SET last_heartbeat_at = now()
WHERE org_id = $1 AND user_id = $2
RETURNING *;
