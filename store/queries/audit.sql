-- name: InsertAudit :exec
INSERT INTO audit_log (org_id, actor_user_id, actor_api_key_id, action, target_type, target_id, details, ip)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: ListAudit :many
SELECT * FROM audit_log
WHERE org_id = $1 AND (sqlc.narg('before_id')::bigint IS NULL OR id < sqlc.narg('before_id'))
ORDER BY id DESC
LIMIT $2;
