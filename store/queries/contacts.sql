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
