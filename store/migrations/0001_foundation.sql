-- Foundation: organisations, people, teams, schedules, contacts, chats, messages,
-- invitations, API keys, sessions, rate limits and the audit log.

CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Users are global (one login per email); memberships tie them to organisations.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          citext NOT NULL UNIQUE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    password_hash  text NOT NULL,
    phone          text,
    avatar_url     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Weekly opening hours in a time zone, used by teams and by agents ("My availability").
CREATE TABLE availability_schedules (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    timezone    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX availability_schedules_org_idx ON availability_schedules (org_id);

-- One row per open interval of a weekday (0 = Sunday … 6 = Saturday), local time.
CREATE TABLE schedule_hours (
    schedule_id  uuid NOT NULL REFERENCES availability_schedules (id) ON DELETE CASCADE,
    weekday      smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_at     time NOT NULL,
    closes_at    time NOT NULL,
    CHECK (opens_at < closes_at),
    PRIMARY KEY (schedule_id, weekday, opens_at)
);

-- Whole local days on which the schedule is closed.
CREATE TABLE schedule_holidays (
    schedule_id  uuid NOT NULL REFERENCES availability_schedules (id) ON DELETE CASCADE,
    day          date NOT NULL,
    name         text NOT NULL DEFAULT '',
    PRIMARY KEY (schedule_id, day)
);

CREATE TABLE memberships (
    org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'supervisor', 'agent')),
    schedule_id  uuid REFERENCES availability_schedules (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE teams (
    id                            uuid PRIMARY KEY,
    org_id                        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name                          citext NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    permission_mode               text NOT NULL DEFAULT 'collaborative'
        CHECK (permission_mode IN ('collaborative', 'self_service', 'restrictive')),
    auto_assignment               text NOT NULL DEFAULT 'none'
        CHECK (auto_assignment IN ('none', 'round_robin', 'round_robin_by_contact')),
    capacity                      integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 100),
    offer_enabled                 boolean NOT NULL DEFAULT false,
    offer_timeout_seconds         integer NOT NULL DEFAULT 30 CHECK (offer_timeout_seconds BETWEEN 5 AND 3600),
    unresponsive_strategy         text NOT NULL DEFAULT 'none'
        CHECK (unresponsive_strategy IN ('none', 'reassign', 'prompt')),
    unresponsive_timeout_seconds  integer NOT NULL DEFAULT 300 CHECK (unresponsive_timeout_seconds BETWEEN 10 AND 86400),
    unresponsive_message          text NOT NULL DEFAULT 'Sorry, your agent is not available right now. Would you like to keep waiting or talk to another agent?',
    assigned_message              text NOT NULL DEFAULT '',
    schedule_id                   uuid REFERENCES availability_schedules (id) ON DELETE SET NULL,
    after_hours_message           text NOT NULL DEFAULT 'We are closed right now. Leave your message and we will answer as soon as we open.',
    transfer_timeout_seconds      integer NOT NULL DEFAULT 120 CHECK (transfer_timeout_seconds BETWEEN 10 AND 3600),
    inactivity_assigned_seconds   integer NOT NULL DEFAULT 3600 CHECK (inactivity_assigned_seconds BETWEEN 60 AND 604800),
    inactivity_waiting_seconds    integer NOT NULL DEFAULT 21600 CHECK (inactivity_waiting_seconds BETWEEN 60 AND 604800),
    closing_message               text NOT NULL DEFAULT '',
    waiting_alert_seconds         integer NOT NULL DEFAULT 600 CHECK (waiting_alert_seconds BETWEEN 0 AND 86400),
    created_at                    timestamptz NOT NULL DEFAULT now(),
    updated_at                    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, name)
);

CREATE TABLE team_members (
    team_id           uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    org_id            uuid NOT NULL,
    user_id           uuid NOT NULL,
    last_assigned_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);
CREATE INDEX team_members_user_idx ON team_members (org_id, user_id);

CREATE TABLE agent_presence (
    org_id             uuid NOT NULL,
    user_id            uuid NOT NULL,
    status             text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
    last_heartbeat_at  timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

CREATE TABLE contacts (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    external_id    text,
    name           text NOT NULL DEFAULT '',
    email          citext,
    phone          text,
    username       text,
    custom_fields  jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(custom_fields) = 'object'),
    tags           text[] NOT NULL DEFAULT '{}',
    status         text NOT NULL DEFAULT 'active',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_external_id_idx ON contacts (org_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX contacts_email_idx ON contacts (org_id, email);
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);
CREATE INDEX contacts_created_idx ON contacts (org_id, created_at DESC, id DESC);

-- The projection of each chat workflow, written by activities.
CREATE TABLE chats (
    id                       uuid PRIMARY KEY,
    org_id                   uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id                  uuid NOT NULL REFERENCES teams (id),
    contact_id               uuid NOT NULL REFERENCES contacts (id),
    status                   text NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'offered', 'assigned', 'transferring', 'ended', 'failed')),
    assignee_id              uuid REFERENCES users (id),
    handoff_id               text,
    created_at               timestamptz NOT NULL DEFAULT now(),
    queued_at                timestamptz,
    first_assigned_at        timestamptz,
    first_agent_response_at  timestamptz,
    last_message_at          timestamptz,
    ended_at                 timestamptz,
    end_reason               text,
    ended_by                 uuid REFERENCES users (id),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX chats_handoff_idx ON chats (org_id, handoff_id) WHERE handoff_id IS NOT NULL;
CREATE INDEX chats_team_status_idx ON chats (org_id, team_id, status, queued_at);
CREATE INDEX chats_assignee_idx ON chats (org_id, assignee_id, status);
CREATE INDEX chats_contact_idx ON chats (org_id, contact_id, created_at DESC);

CREATE TABLE messages (
    id               uuid PRIMARY KEY,
    org_id           uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    chat_id          uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('text', 'attachment', 'system', 'note')),
    sender_kind      text NOT NULL CHECK (sender_kind IN ('contact', 'agent', 'system', 'bot')),
    sender_id        uuid,
    body             text NOT NULL DEFAULT '',
    idempotency_key  text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_idempotency_idx ON messages (chat_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_chat_idx ON messages (chat_id, created_at, id);

CREATE TABLE invitations (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email        citext NOT NULL,
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'supervisor', 'agent')),
    team_ids     uuid[] NOT NULL DEFAULT '{}',
    token_hash   bytea NOT NULL UNIQUE,
    invited_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    expires_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    accepted_at  timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invitations_pending_idx ON invitations (org_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        text NOT NULL,
    key_hash      bytea NOT NULL UNIQUE,
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_org_idx ON api_keys (org_id, created_at DESC);

CREATE TABLE sessions (
    token_hash    bytea PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    user_agent    text NOT NULL DEFAULT '',
    ip            text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Fixed-window counters shared by every API replica.
CREATE TABLE rate_limits (
    key           text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (key, window_start)
);

CREATE TABLE audit_log (
    id                bigserial PRIMARY KEY,
    org_id            uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    actor_user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id  uuid REFERENCES api_keys (id) ON DELETE SET NULL,
    action            text NOT NULL,
    target_type       text NOT NULL,
    target_id         text NOT NULL,
    details           jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip                text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org_idx ON audit_log (org_id, id DESC);
