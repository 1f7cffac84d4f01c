-- name: EnqueueChatSignal :exec
INSERT INTO chat_signal_outbox (chat_id, payload) VALUES ($1, $2);

-- name: LeaseChatSignals :many
-- Takes due signals for a while: a sender that dies leaves them to be taken
-- again when the lease runs out.
UPDATE chat_signal_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => sqlc.arg(lease_seconds)::float8)
WHERE id IN (
    SELECT id FROM chat_signal_outbox WHERE next_attempt_at <= now()
    ORDER BY id LIMIT sqlc.arg(max_rows) FOR UPDATE SKIP LOCKED)
RETURNING *;

-- name: DeleteChatSignal :exec
DELETE FROM chat_signal_outbox WHERE id = $1;

-- name: RetryChatSignalAt :exec
UPDATE chat_signal_outbox SET next_attempt_at = $2 WHERE id = $1;

-- name: NextChatSignalDue :one
SELECT next_attempt_at FROM chat_signal_outbox ORDER BY next_attempt_at LIMIT 1;
