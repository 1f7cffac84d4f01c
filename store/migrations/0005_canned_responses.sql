-- Canned responses ("text blocks"): organisation-wide ones (owner_id NULL),
-- managed by supervisors and up, and personal ones that only their owner sees.
-- Agents type /shortcut in the composer to expand one, or #words to search
-- them by title.

CREATE TABLE canned_responses (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- NULL = organisation-wide; otherwise the member it belongs to.
    owner_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    shortcut    text NOT NULL CHECK (shortcut ~ '^[a-z0-9_-]{1,32}$'),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- A member who leaves the organisation takes their personal responses
    -- along (NULL owner_id: the check does not apply).
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

-- A shortcut is unique among the organisation's responses, and among each
-- member's personal ones; a personal shortcut may shadow the organisation's.
CREATE UNIQUE INDEX canned_responses_org_shortcut_idx ON canned_responses (org_id, shortcut)
    WHERE owner_id IS NULL;
CREATE UNIQUE INDEX canned_responses_owner_shortcut_idx ON canned_responses (org_id, owner_id, shortcut)
    WHERE owner_id IS NOT NULL;

-- Title search: organisations have tens to hundreds of responses, so a scan of
-- the organisation's rows by lower(title) is enough (no trigram extension).
CREATE INDEX canned_responses_title_idx ON canned_responses (org_id, lower(title) text_pattern_ops);
