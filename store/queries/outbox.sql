-- name: EnqueueChatSignal :exec
INSERT INTO chat_signal_outbox (chat_id, payload) VALUES ($1, $2);

-- name: LockChatSignalClaims :exec
-- Serialises LeaseChatSignals across senders until the transaction ends, so
-- each sender sees the leases of the one before it and never takes a later
-- signal of a chat while another sender still holds an earlier one.
SELECT pg_advisory_xact_lock(7102030);

-- name: LeaseChatSignals :many
-- Takes due signals for a while: a sender that dies leaves them to be taken
-- again when the lease runs out. A signal is only taken when no earlier
-- signal of its chat is leased or waiting for a retry, so every chat's
-- signals reach its workflow in insert order. Run it after
-- LockChatSignalClaims in the same transaction; rows come back in no order.
UPDATE chat_signal_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => sqlc.arg(lease_seconds)::float8)
WHERE id IN (
    SELECT c.id FROM chat_signal_outbox c
    WHERE c.next_attempt_at <= now()
      AND NOT EXISTS (
          SELECT 1 FROM chat_signal_outbox e
          WHERE e.chat_id = c.chat_id AND e.id < c.id AND e.next_attempt_at > now())
    ORDER BY c.id LIMIT sqlc.arg(max_rows) FOR UPDATE SKIP LOCKED)
RETURNING *;

-- name: DeleteChatSignals :exec
-- Removes delivered signals.
DELETE FROM chat_signal_outbox WHERE id = ANY(sqlc.arg(ids)::bigint[]);

-- name: RescheduleChatSignals :exec
-- Gives leased signals back: each one due again at its time; a signal that
-- was taken but not sent gets its attempt back.
UPDATE chat_signal_outbox o
SET next_attempt_at = r.next_attempt_at,
    attempts = CASE WHEN r.attempted THEN o.attempts ELSE o.attempts - 1 END
FROM (SELECT unnest(sqlc.arg(ids)::bigint[]) AS id,
             unnest(sqlc.arg(next_attempt_ats)::timestamptz[]) AS next_attempt_at,
             unnest(sqlc.arg(attempted)::boolean[]) AS attempted) AS r
WHERE o.id = r.id;

-- name: NextChatSignalDue :one
-- When a signal can next be taken: the earliest due time of the first
-- signal of each chat (a chat's later signals wait for its first).
SELECT heads.next_attempt_at FROM (
    SELECT DISTINCT ON (chat_id) next_attempt_at FROM chat_signal_outbox ORDER BY chat_id, id
) AS heads
ORDER BY heads.next_attempt_at LIMIT 1;
