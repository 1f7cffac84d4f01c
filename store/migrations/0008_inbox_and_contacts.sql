-- The inbox and contacts screens: search contacts by name, username or email
-- (substring, case-insensitive), count each chat's unread messages, and keep the
-- message-signal outbox fast at large backlogs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text a contact search matches; queries use this exact expression.
CREATE FUNCTION livechat_contact_search(name text, username text, email text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(name || ' ' || coalesce(username, '') || ' ' || coalesce(email, ''))
$$;
CREATE INDEX contacts_search_idx ON contacts
    USING gin (livechat_contact_search(name, username, email::text) gin_trgm_ops);

-- When a pending transfer request runs out (the console's countdown).
ALTER TABLE chats ADD COLUMN transfer_expires_at timestamptz;

-- A chat's contact messages no agent has read yet.
CREATE INDEX messages_unread_idx ON messages (chat_id)
    WHERE sender_kind = 'contact' AND read_at IS NULL AND kind NOT IN ('note', 'discussion');

-- The signal outbox claims a chat's signals in order: "is an earlier signal
-- of this chat still held?" and "each chat's first signal" walk this index.
CREATE INDEX chat_signal_outbox_chat_idx ON chat_signal_outbox (chat_id, id);
