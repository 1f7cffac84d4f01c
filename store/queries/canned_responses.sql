-- name: CreateCannedResponse :one
INSERT INTO canned_responses (id, org_id, owner_id, shortcut, title, body, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetVisibleCannedResponse :one
-- A response the member may see: one of the organisation's or their own.
SELECT * FROM canned_responses
WHERE org_id = $1 AND id = $2 AND (owner_id IS NULL OR owner_id = sqlc.arg(viewer_id)::uuid);

-- name: ListVisibleCannedResponses :many
-- The organisation's responses and the member's own, filtered by a
-- case-insensitive substring of shortcut or title (strpos, so % and _ in the
-- query are plain characters). Prefix matches come first, then by shortcut,
-- the member's own before the organisation's on the same shortcut.
SELECT * FROM canned_responses
WHERE org_id = $1
  AND ((owner_id IS NULL AND sqlc.arg(include_org)::bool)
    OR (owner_id = sqlc.arg(viewer_id)::uuid AND sqlc.arg(include_personal)::bool))
  AND (sqlc.arg(query)::text = ''
    OR strpos(shortcut, lower(sqlc.arg(query)::text)) > 0
    OR strpos(lower(title), lower(sqlc.arg(query)::text)) > 0)
ORDER BY (sqlc.arg(query)::text <> ''
          AND strpos(shortcut, lower(sqlc.arg(query)::text)) <> 1
          AND strpos(lower(title), lower(sqlc.arg(query)::text)) <> 1),
         shortcut, owner_id IS NULL, lower(title), id;

-- name: FindCannedResponseByShortcut :one
-- The response a /shortcut expands to: the member's own wins over the
-- organisation's.
SELECT * FROM canned_responses
WHERE org_id = $1 AND shortcut = $2 AND (owner_id IS NULL OR owner_id = sqlc.arg(viewer_id)::uuid)
ORDER BY owner_id IS NULL
LIMIT 1;

-- name: UpdateCannedResponse :one
UPDATE canned_responses
SET shortcut = $3, title = $4, body = $5, updated_at = now()
WHERE org_id = $1 AND id = $2
RETURNING *;

-- name: DeleteCannedResponse :execrows
DELETE FROM canned_responses WHERE org_id = $1 AND id = $2;
