-- name: InsertMessage :one
-- A retried send with the same idempotency key returns no row; the caller
-- then loads the original.
INSERT INTO messages (id, org_id, chat_id, kind, sender_kind, sender_id, body, idempotency_key, attachment_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (chat_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
RETURNING *;

-- name: GetMessageByIdempotencyKey :one
SELECT * FROM messages WHERE chat_id = $1 AND idempotency_key = $2;

-- name: ListMessages :many
SELECT * FROM messages
WHERE org_id = $1 AND chat_id = $2
  AND (sqlc.narg(after_created)::timestamptz IS NULL OR (created_at, id) > (sqlc.narg(after_created), sqlc.narg(after_id)::uuid))
  AND (sqlc.arg(include_notes)::bool OR kind <> 'note')
  AND kind <> 'discussion'
ORDER BY created_at, id
LIMIT $3;

-- name: GetMessage :one
SELECT * FROM messages WHERE chat_id = $1 AND id = $2;
