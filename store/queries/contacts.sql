-- name: UpsertContactByExternalID :one
-- Bot hand-offs identify contacts by the bot's external id; known fields are
-- refreshed, custom fields merged and tags added.
INSERT INTO contacts (id, org_id, external_id, name, email, phone, username, custom_fields, tags)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (org_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
    name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE contacts.name END,
    email = COALESCE(EXCLUDED.email, contacts.email),
    phone = COALESCE(EXCLUDED.phone, contacts.phone),
    username = COALESCE(EXCLUDED.username, contacts.username),
    custom_fields = contacts.custom_fields || EXCLUDED.custom_fields,
    tags = ARRAY(SELECT DISTINCT unnest(contacts.tags || EXCLUDED.tags) ORDER BY 1),
    updated_at = now()
RETURNING *;

-- name: CreateContact :one
INSERT INTO contacts (id, org_id, name, email, phone, username, custom_fields, tags)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING *;

-- name: GetContact :one
SELECT * FROM contacts WHERE org_id = $1 AND id = $2;

-- name: ListContacts :many
-- Contacts newest first, searched by name, username or email and filtered
-- by tag, with their chat count, last chat and whether they are blocked.
-- Planned for its values on every call: see livechat_custom_plan_only
-- (migration 0010).
SELECT sqlc.embed(ct), COALESCE(stats.chats_count, 0)::int AS chats_count, stats.last_chat_at,
       EXISTS (SELECT 1 FROM blacklist_entries b WHERE b.org_id = ct.org_id AND (
                 (b.kind = 'contact' AND b.value = ct.id::text)
              OR (b.kind = 'email' AND b.value = lower(ct.email::text))
              OR (b.kind = 'phone' AND b.value = ct.phone))) AS blocked
FROM contacts ct
LEFT JOIN LATERAL (
    SELECT count(*) AS chats_count, max(c.created_at) AS last_chat_at
    FROM chats c WHERE c.org_id = ct.org_id AND c.contact_id = ct.id
) stats ON true
WHERE ct.org_id = sqlc.arg(org_id)
  -- Planned for its parameters on every call (migration 0010).
  AND (sqlc.arg(org_id)::uuid IS NOT NULL OR livechat_custom_plan_only())
  AND (sqlc.narg(contact_id)::uuid IS NULL OR ct.id = sqlc.narg(contact_id)::uuid)
  AND (sqlc.narg(search)::text IS NULL
       OR livechat_contact_search(ct.name, ct.username, ct.email::text) LIKE '%' || lower(sqlc.narg(search)::text) || '%')
  AND (sqlc.narg(tag)::text IS NULL OR ct.tags @> ARRAY[sqlc.narg(tag)::text])
  AND (sqlc.narg(before_created)::timestamptz IS NULL
       OR (ct.created_at, ct.id) < (sqlc.narg(before_created), sqlc.narg(before_id)::uuid))
ORDER BY ct.created_at DESC, ct.id DESC
LIMIT sqlc.arg(max_rows);

-- name: LockContact :one
SELECT * FROM contacts WHERE org_id = $1 AND id = $2 FOR UPDATE;

-- name: UpdateContact :one
UPDATE contacts
SET name = $3, email = $4, phone = $5, username = $6, custom_fields = $7, tags = $8, status = $9, updated_at = now()
WHERE org_id = $1 AND id = $2
RETURNING *;

-- name: BlockContact :exec
INSERT INTO blacklist_entries (id, org_id, kind, value, reason, created_by)
VALUES ($1, $2, 'contact', sqlc.arg(contact_id)::text, $3, $4)
ON CONFLICT (org_id, kind, value) DO NOTHING;

-- name: UnblockContact :execrows
-- Lifts every entry that blocks the contact: by id, email or phone.
DELETE FROM blacklist_entries b
USING contacts ct
WHERE ct.org_id = sqlc.arg(org_id) AND ct.id = sqlc.arg(contact_id) AND b.org_id = ct.org_id AND (
       (b.kind = 'contact' AND b.value = ct.id::text)
    OR (b.kind = 'email' AND b.value = lower(ct.email::text))
    OR (b.kind = 'phone' AND b.value = ct.phone));

-- name: ContactSessions :many
-- A contact's visits through the widget, newest first.
SELECT created_at, last_seen_at, user_agent FROM visitor_sessions
WHERE org_id = $1 AND contact_id = $2
ORDER BY created_at DESC
LIMIT 50;
