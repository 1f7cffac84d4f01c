-- Real-time messaging: the organisation event stream (sequence numbers per
-- organisation, published with NOTIFY), widgets and visitor sessions,
-- attachments, delivery and read receipts.

-- The last sequence number handed out per organisation. The row stays locked
-- from an event's insert to its transaction's commit, so events of one
-- organisation commit in sequence order and a reader never sees seq n+1
-- before n.
CREATE TABLE org_event_sequences (
    org_id    uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    last_seq  bigint NOT NULL
);

-- Everything a socket carries, in order. Audience: 'all' = agents who may see
-- the chat and the chat's contact (or every agent of the organisation when
-- there is no chat); 'agents' = agents only; 'user' = user_id only.
-- team_id, contact_id, assignee_id and transfer_to_id are the chat's values
-- when the event was written: sockets filter on them without a query.
CREATE TABLE events (
    org_id          uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    seq             bigint NOT NULL,
    type            text NOT NULL,
    audience        text NOT NULL CHECK (audience IN ('all', 'agents', 'user')),
    chat_id         uuid,
    team_id         uuid,
    contact_id      uuid,
    assignee_id     uuid,
    transfer_to_id  uuid,
    user_id         uuid,
    payload         jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, seq)
);
CREATE INDEX events_contact_idx ON events (contact_id, seq) WHERE contact_id IS NOT NULL;
CREATE INDEX events_created_idx ON events (created_at);

CREATE FUNCTION livechat_event_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO org_event_sequences AS s (org_id, last_seq) VALUES (NEW.org_id, 1)
    ON CONFLICT (org_id) DO UPDATE SET last_seq = s.last_seq + 1
    RETURNING last_seq INTO NEW.seq;
    RETURN NEW;
END $$;
CREATE TRIGGER events_seq BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION livechat_event_seq();

-- Every API replica LISTENs on livechat_events. The row travels whole when it
-- fits in a notification; otherwise listeners read it back by (org_id, seq).
CREATE FUNCTION livechat_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    body text := row_to_json(NEW)::text;
BEGIN
    IF octet_length(body) > 7500 THEN
        body := json_build_object('org_id', NEW.org_id, 'seq', NEW.seq, 'truncated', true)::text;
    END IF;
    PERFORM pg_notify('livechat_events', body);
    RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION livechat_event_notify();

-- Widgets: the public key a website embeds, bound to the team its chats
-- open in, with the origins allowed to use it.
CREATE TABLE widgets (
    id                 uuid PRIMARY KEY,
    org_id             uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id            uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    public_key         text NOT NULL UNIQUE,
    allowed_origins    text[] NOT NULL DEFAULT '{}',
    identity_required  boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX widgets_org_idx ON widgets (org_id, created_at);

-- The HMAC key a customer's server signs its user ids with (visitor identity).
ALTER TABLE organizations ADD COLUMN identity_secret text;

-- A visitor's session: the token is kept by the widget, its SHA-256 here.
CREATE TABLE visitor_sessions (
    token_hash    bytea PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    widget_id     uuid NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    contact_id    uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT ''
);
CREATE INDEX visitor_sessions_contact_idx ON visitor_sessions (contact_id);
CREATE INDEX visitor_sessions_expires_idx ON visitor_sessions (expires_at);

-- Files sent in chats; the bytes live behind the storage interface.
CREATE TABLE attachments (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    chat_id        uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    uploader_kind  text NOT NULL CHECK (uploader_kind IN ('contact', 'agent', 'bot')),
    uploader_id    uuid,
    filename       text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type   text NOT NULL,
    size_bytes     bigint NOT NULL CHECK (size_bytes > 0),
    storage_key    text NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_chat_idx ON attachments (chat_id);

ALTER TABLE messages
    DROP CONSTRAINT messages_kind_check,
    ADD CONSTRAINT messages_kind_check CHECK (kind IN ('text', 'attachment', 'system', 'note', 'discussion')),
    ADD COLUMN attachment_id uuid REFERENCES attachments (id),
    ADD COLUMN delivered_at  timestamptz,
    ADD COLUMN read_at       timestamptz;

-- The message as sockets and the API show it.
CREATE FUNCTION livechat_message_json(m messages) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', m.id, 'chat_id', m.chat_id, 'kind', m.kind, 'sender_kind', m.sender_kind,
        'sender_id', m.sender_id, 'body', m.body, 'idempotency_key', m.idempotency_key,
        'created_at', m.created_at, 'delivered_at', m.delivered_at, 'read_at', m.read_at,
        'attachment', (SELECT jsonb_build_object('id', a.id, 'filename', a.filename,
                                                 'content_type', a.content_type, 'size_bytes', a.size_bytes)
                       FROM attachments a WHERE a.id = m.attachment_id))
$$;

-- Every stored message becomes an event: notes and internal discussion for
-- agents only.
CREATE FUNCTION livechat_message_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c chats%ROWTYPE;
BEGIN
    SELECT * INTO c FROM chats WHERE id = NEW.chat_id;
    INSERT INTO events (org_id, type, audience, chat_id, team_id, contact_id, assignee_id, transfer_to_id, payload)
    VALUES (NEW.org_id, 'message.created',
            CASE WHEN NEW.kind IN ('note', 'discussion') THEN 'agents' ELSE 'all' END,
            NEW.chat_id, c.team_id, c.contact_id, c.assignee_id, c.transfer_to_id,
            jsonb_build_object('message', livechat_message_json(NEW)));
    RETURN NULL;
END $$;
CREATE TRIGGER messages_event AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION livechat_message_event();

-- Every chat transition becomes an event, with the chat's new state.
CREATE FUNCTION livechat_chat_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c chats%ROWTYPE;
BEGIN
    SELECT * INTO c FROM chats WHERE id = NEW.chat_id;
    INSERT INTO events (org_id, type, audience, chat_id, team_id, contact_id, assignee_id, transfer_to_id, payload)
    VALUES (NEW.org_id, NEW.type, 'all', NEW.chat_id, c.team_id, c.contact_id, c.assignee_id, c.transfer_to_id,
            NEW.payload || jsonb_build_object('status', c.status, 'actor_id', NEW.actor_id, 'team_id', c.team_id,
                                              'assignee_id', c.assignee_id, 'transfer_to_id', c.transfer_to_id));
    RETURN NULL;
END $$;
CREATE TRIGGER chat_events_event AFTER INSERT ON chat_events
    FOR EACH ROW EXECUTE FUNCTION livechat_chat_event();
