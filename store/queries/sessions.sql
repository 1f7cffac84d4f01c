-- name: CreateSession :exec
INSERT INTO sessions (token_hash, user_id, org_id, expires_at, user_agent, ip)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: GetSession :one
-- A session is valid only while it has not expired and the user is still a member.
SELECT s.token_hash, s.user_id, s.org_id, s.expires_at, s.last_seen_at,
       u.email, u.name AS user_name, m.role, o.name AS org_name,
       CASE WHEN p.last_heartbeat_at > now() - interval '60 seconds' THEN p.status ELSE 'offline' END::text AS presence
FROM sessions s
JOIN users u ON u.id = s.user_id
JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id
JOIN organizations o ON o.id = s.org_id
LEFT JOIN agent_presence p ON p.org_id = s.org_id AND p.user_id = s.user_id
WHERE s.token_hash = $1 AND s.expires_at > now();

-- name: TouchSession :exec
UPDATE sessions SET last_seen_at = now(), expires_at = $2 WHERE token_hash = $1;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE token_hash = $1;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at <= now();
