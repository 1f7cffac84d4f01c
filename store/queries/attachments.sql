-- name: InsertAttachment :one
INSERT INTO attachments (id, org_id, chat_id, uploader_kind, uploader_id, filename, content_type, size_bytes, storage_key)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING *;

-- name: GetAttachment :one
SELECT * FROM attachments WHERE org_id = $1 AND id = $2;

-- name: ListAttachmentsByIDs :many
SELECT * FROM attachments WHERE org_id = $1 AND id = ANY(sqlc.arg(ids)::uuid[]);

-- name: DeleteUnusedAttachment :exec
-- Removes an attachment whose message was never written (a failed or
-- duplicate upload); one a message refers to stays.
DELETE FROM attachments a
WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.attachment_id = a.id);
