-- name: InsertEvent :exec
-- seq is assigned when the transaction commits (migration 0011).
INSERT INTO events (org_id, seq, type, audience, chat_id, team_id, contact_id, assignee_id, transfer_to_id, user_id, payload)
VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: EventsAfter :many
-- An agent's catch-up: the organisation's events after a sequence number.
SELECT * FROM events WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3;

-- name: ContactEventsAfter :many
-- A visitor's catch-up: events of the contact's chats after a sequence number.
SELECT * FROM events
WHERE contact_id = sqlc.arg(contact_id) AND org_id = sqlc.arg(org_id) AND seq > sqlc.arg(after_seq) AND audience = 'all'
ORDER BY seq LIMIT sqlc.arg(max_rows);

-- name: GetEvent :one
SELECT * FROM events WHERE org_id = $1 AND seq = $2;

-- name: LastEventSeq :one
SELECT COALESCE((SELECT last_seq FROM org_event_sequences WHERE org_id = $1), 0)::bigint AS last_seq;

-- name: DeleteEventsBefore :execrows
DELETE FROM events WHERE created_at < $1;

-- name: MarkMessagesRead :many
-- The reader saw everything up to and including the message: the other
-- side's messages up to it are read (and delivered).
UPDATE messages m SET read_at = now(), delivered_at = COALESCE(m.delivered_at, now())
FROM messages upto
WHERE upto.id = sqlc.arg(up_to_id) AND upto.chat_id = sqlc.arg(chat_id)
  AND m.chat_id = upto.chat_id AND (m.created_at, m.id) <= (upto.created_at, upto.id)
  AND m.read_at IS NULL AND m.sender_kind = ANY(sqlc.arg(sender_kinds)::text[])
  AND m.kind NOT IN ('note', 'discussion')
RETURNING m.id;

-- name: RecordDelivered :exec
-- Marks messages delivered and publishes one message.delivered event per
-- chat for the ones this call marked. Rows are inserted in organisation
-- order so two replicas' batches never wait on each other's counters in
-- opposite orders.
WITH marked AS (
    UPDATE messages SET delivered_at = now()
    WHERE id = ANY(sqlc.arg(ids)::uuid[]) AND delivered_at IS NULL
    RETURNING id, org_id, chat_id
)
INSERT INTO events (org_id, seq, type, audience, chat_id, team_id, contact_id, assignee_id, transfer_to_id, payload)
SELECT m.org_id, 0, 'message.delivered', 'all', m.chat_id, c.team_id, c.contact_id, c.assignee_id, c.transfer_to_id,
       jsonb_build_object('message_ids', jsonb_agg(m.id ORDER BY m.id))
FROM marked m JOIN chats c ON c.id = m.chat_id
GROUP BY m.org_id, m.chat_id, c.team_id, c.contact_id, c.assignee_id, c.transfer_to_id
ORDER BY m.org_id, m.chat_id;

-- name: NotifyTyping :exec
SELECT pg_notify('livechat_typing', sqlc.arg(payload)::text);
