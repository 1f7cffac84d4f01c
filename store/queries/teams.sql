-- name: CreateTeam :one
INSERT INTO teams (id, org_id, name) VALUES ($1, $2, $3)
RETURNING *;

-- name: GetTeam :one
SELECT * FROM teams WHERE org_id = $1 AND id = $2;

-- name: ListTeams :many
SELECT * FROM teams WHERE org_id = $1 ORDER BY name;

-- name: UpdateTeam :one
UPDATE teams SET
    name = $3,
    permission_mode = $4,
    auto_assignment = $5,
    capacity = $6,
    offer_enabled = $7,
    offer_timeout_seconds = $8,
    unresponsive_strategy = $9,
    unresponsive_timeout_seconds = $10,
    unresponsive_message = $11,
    assigned_message = $12,
    after_hours_message = $13,
    transfer_timeout_seconds = $14,
    inactivity_assigned_seconds = $15,
    inactivity_waiting_seconds = $16,
    closing_message = $17,
    waiting_alert_seconds = $18,
    updated_at = now()
WHERE org_id = $1 AND id = $2
RETURNING *;

-- name: DeleteTeam :execrows
DELETE FROM teams WHERE org_id = $1 AND id = $2;

-- name: CountTeamChats :one
SELECT count(*) FROM chats WHERE org_id = $1 AND team_id = $2;

-- name: AddTeamMember :exec
INSERT INTO team_members (team_id, org_id, user_id) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING;

-- name: RemoveTeamMember :execrows
DELETE FROM team_members WHERE org_id = $1 AND team_id = $2 AND user_id = $3;

-- name: ListTeamMembers :many
SELECT tm.team_id, tm.user_id, tm.created_at, u.email, u.name, m.role
FROM team_members tm
JOIN memberships m ON m.org_id = tm.org_id AND m.user_id = tm.user_id
JOIN users u ON u.id = tm.user_id
WHERE tm.org_id = $1 AND tm.team_id = $2
ORDER BY u.name, u.email;

-- name: ListTeamIDsForMember :many
SELECT team_id FROM team_members WHERE org_id = $1 AND user_id = $2 ORDER BY team_id;
