-- The internal discussion of a chat: agents of the chat's team talk about it
-- among themselves. Its messages are messages of kind 'discussion' (agents
-- only, never the contact's); this table lists who takes part: whoever wrote
-- in it or was invited to it.
CREATE TABLE chat_discussion_participants (
    chat_id     uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- Who invited them; NULL when they joined by writing.
    invited_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_discussion_participants_user_idx ON chat_discussion_participants (org_id, user_id);

-- A chat's discussion, oldest first, without scanning its customer messages.
CREATE INDEX messages_discussion_idx ON messages (chat_id, created_at, id) WHERE kind = 'discussion';
