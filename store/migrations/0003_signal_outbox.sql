-- Message signals to chat workflows, written in the same transaction as the
-- message, so none is lost when Temporal or the API is down; the API drains
-- the outbox (every replica may, rows are leased).
CREATE TABLE chat_signal_outbox (
    id               bigserial PRIMARY KEY,
    chat_id          uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    payload          jsonb NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_signal_outbox_due_idx ON chat_signal_outbox (next_attempt_at, id);
