-- The chat lifecycle: routing columns on the chat projection, the blacklist
-- and the chat event log.

ALTER TABLE chats
    ADD COLUMN source             text NOT NULL DEFAULT 'api' CHECK (source IN ('widget', 'bot', 'api')),
    ADD COLUMN reason             text NOT NULL DEFAULT '',
    -- Agents the chat must not be auto-assigned to while others are free
    -- (unresponsive, rejected offers).
    ADD COLUMN excluded_agent_ids uuid[] NOT NULL DEFAULT '{}',
    -- Waiting chats become dispatchable at this instant (after-hours: when the team opens).
    ADD COLUMN dispatch_after     timestamptz,
    -- Set by the dispatcher when it assigns or offers the chat; cleared when the
    -- chat's workflow has taken the assignment in. Dispatch re-signals such chats.
    ADD COLUMN assignment_pending boolean NOT NULL DEFAULT false,
    ADD COLUMN transfer_to_id     uuid REFERENCES users (id),
    ADD COLUMN ended_by_kind      text CHECK (ended_by_kind IN ('agent', 'contact', 'system', 'bot'));

-- A contact has at most one open chat per team.
CREATE UNIQUE INDEX chats_open_per_contact_idx ON chats (org_id, team_id, contact_id)
    WHERE status NOT IN ('ended', 'failed');
-- The queue: waiting chats of a team, oldest first.
CREATE INDEX chats_queue_idx ON chats (team_id, queued_at, id) WHERE status = 'waiting';
-- Agents' active chats (capacity).
CREATE INDEX chats_active_assignee_idx ON chats (assignee_id)
    WHERE status IN ('offered', 'assigned', 'transferring');
CREATE INDEX chats_org_created_idx ON chats (org_id, created_at DESC, id DESC);

-- Blocked visitors: by contact, email, phone or IP, organisation-wide.
CREATE TABLE blacklist_entries (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('contact', 'email', 'phone', 'ip')),
    value       text NOT NULL,
    reason      text NOT NULL DEFAULT '' CHECK (length(reason) <= 250),
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, kind, value)
);

-- Every chat transition, in order, for the web app (delivered over WebSockets
-- by the messaging work) and for the chat's journey.
CREATE TABLE chat_events (
    id          bigserial PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    chat_id     uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    type        text NOT NULL,
    actor_id    uuid,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Activities retry: the same activity attempt never writes an event twice.
    dedupe_key  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX chat_events_dedupe_idx ON chat_events (chat_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX chat_events_org_idx ON chat_events (org_id, id);
CREATE INDEX chat_events_chat_idx ON chat_events (chat_id, id);
