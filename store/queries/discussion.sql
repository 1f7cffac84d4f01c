-- name: ListDiscussionMessages :many
-- A chat's internal discussion, oldest first, after a (created_at, id) cursor.
SELECT * FROM messages
WHERE org_id = sqlc.arg(org_id) AND chat_id = sqlc.arg(chat_id) AND kind = 'discussion'
  AND (sqlc.narg(after_created)::timestamptz IS NULL OR (created_at, id) > (sqlc.narg(after_created), sqlc.narg(after_id)::uuid))
ORDER BY created_at, id
LIMIT sqlc.arg(max_rows);

-- name: GetDiscussionMessage :one
SELECT * FROM messages WHERE chat_id = $1 AND id = $2 AND kind = 'discussion';

-- name: ListDiscussionParticipants :many
-- Who takes part in a chat's discussion, in the order they joined.
SELECT p.user_id, p.invited_by, p.created_at, u.name
FROM chat_discussion_participants p JOIN users u ON u.id = p.user_id
WHERE p.org_id = $1 AND p.chat_id = $2
ORDER BY p.created_at, p.user_id;

-- name: IsDiscussionParticipant :one
SELECT EXISTS (
    SELECT 1 FROM chat_discussion_participants WHERE org_id = $1 AND chat_id = $2 AND user_id = $3
) AS participant;

-- name: AddDiscussionParticipant :execrows
-- Idempotent: 1 when the user joined now, 0 when they already took part.
INSERT INTO chat_discussion_participants (chat_id, user_id, org_id, invited_by)
VALUES ($1, $2, $3, $4)
ON CONFLICT (chat_id, user_id) DO NOTHING;

-- name: GetDiscussionParticipant :one
SELECT p.user_id, p.invited_by, p.created_at, u.name
FROM chat_discussion_participants p JOIN users u ON u.id = p.user_id
WHERE p.org_id = $1 AND p.chat_id = $2 AND p.user_id = $3;
