-- Notifications: one outbox row per (event, recipient, channel), so a retried
-- activity or a replayed workflow never reaches a person twice; each row
-- keeps what was sent, the provider's answer and its delivery status.
CREATE TABLE notifications (
    id                   uuid PRIMARY KEY,
    org_id               uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- What happened, unique per organisation: "chat:<id>:n<k>", "invitation:<id>".
    event_key            text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
    kind                 text NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('browser', 'email', 'sms')),
    -- The member it is for (NULL for an invitation to someone not yet a member).
    recipient_id         uuid REFERENCES users (id) ON DELETE CASCADE,
    -- The member's id, or the email address of a non-member: the dedupe key.
    recipient_key        text NOT NULL,
    -- Where it goes: an email address, an E.164 number, or '' for the browser.
    address              text NOT NULL DEFAULT '',
    chat_id              uuid REFERENCES chats (id) ON DELETE SET NULL,
    title                text NOT NULL,
    body                 text NOT NULL,
    link                 text,
    status               text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'not_configured', 'suppressed_quiet_hours', 'failed')),
    attempts             integer NOT NULL DEFAULT 0,
    -- A delivery attempt holds the row until then; another attempt may take
    -- it over only after the lease ran out.
    lease_until          timestamptz,
    provider             text,
    provider_message_id  text,
    provider_status      text,
    last_error           text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    sent_at              timestamptz,
    read_at              timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, event_key, recipient_key, channel)
);
-- A member's notifications, newest first; their unread browser ones.
CREATE INDEX notifications_recipient_idx ON notifications (org_id, recipient_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (org_id, recipient_id)
    WHERE channel = 'browser' AND read_at IS NULL;
-- The organisation's outbox, newest first, by status.
CREATE INDEX notifications_org_idx ON notifications (org_id, id DESC);
CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE status = 'pending';
-- The provider's status callbacks find a message by its id.
CREATE INDEX notifications_provider_message_idx ON notifications (provider, provider_message_id)
    WHERE provider_message_id IS NOT NULL;

-- Which notifications reach whom on which channel: the organisation's
-- defaults over the built-in ones, each member's own choices over those.
-- Both are {"<kind>": {"<channel>": true|false}} documents, validated by
-- the API against the catalogue in notify/catalog.go.
ALTER TABLE organizations
    ADD COLUMN notification_defaults jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE memberships
    ADD COLUMN notification_preferences jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- No email or SMS outside the member's availability schedule.
    ADD COLUMN quiet_hours boolean NOT NULL DEFAULT true;
