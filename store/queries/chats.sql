-- name: CreateChat :one
-- A new chat waits undispatchable until its workflow has entered the queue.
INSERT INTO chats (id, org_id, team_id, contact_id, status, handoff_id, source, reason, queued_at, dispatch_after)
VALUES ($1, $2, $3, $4, 'waiting', $5, $6, $7, now(), '9999-12-31T00:00:00Z')
RETURNING *;

-- name: GetChat :one
SELECT * FROM chats WHERE org_id = $1 AND id = $2;

-- name: GetChatByID :one
SELECT * FROM chats WHERE id = $1;

-- name: GetChatByHandoff :one
SELECT * FROM chats WHERE org_id = $1 AND handoff_id = $2;

-- name: FindOpenChat :one
SELECT * FROM chats
WHERE org_id = $1 AND team_id = $2 AND contact_id = $3 AND status NOT IN ('ended', 'failed');

-- name: LockChat :one
SELECT * FROM chats WHERE id = $1 FOR UPDATE;

-- name: EnterQueue :one
-- The workflow puts the chat in its team's queue (new chat, transfer to a
-- team, requeue); dispatch_after holds it back until the team opens.
UPDATE chats SET
    team_id = sqlc.arg(team_id),
    status = 'waiting',
    assignee_id = NULL,
    transfer_to_id = NULL, transfer_expires_at = NULL,
    assignment_pending = false,
    queued_at = sqlc.arg(queued_at),
    dispatch_after = sqlc.narg(dispatch_after),
    excluded_agent_ids = sqlc.arg(excluded_agent_ids),
    prompt_pending = false,
    updated_at = now()
WHERE id = sqlc.arg(id) AND status NOT IN ('ended', 'failed')
RETURNING *;

-- name: SetChatAssigned :one
-- Claims, accepted offers and transfers, forced assignments.
UPDATE chats SET
    status = 'assigned',
    assignee_id = sqlc.arg(agent_id),
    transfer_to_id = NULL, transfer_expires_at = NULL,
    assignment_pending = false,
    first_assigned_at = COALESCE(first_assigned_at, now()),
    prompt_pending = false,
    updated_at = now()
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: AckAssignment :one
-- The workflow has taken in a dispatcher's assignment; a stale one (the chat
-- moved on since) matches no row.
UPDATE chats SET assignment_pending = false, updated_at = now()
WHERE id = $1 AND assignee_id = $2 AND status = $3 AND assignment_pending
RETURNING *;

-- name: SetChatTransferring :one
UPDATE chats SET status = sqlc.arg(status), transfer_to_id = sqlc.narg(transfer_to_id),
    transfer_expires_at = sqlc.narg(transfer_expires_at), updated_at = now()
WHERE id = sqlc.arg(id) AND status IN ('assigned', 'transferring')
RETURNING *;

-- name: EndChat :one
UPDATE chats SET
    status = 'ended',
    ended_at = now(),
    end_reason = sqlc.arg(end_reason),
    ended_by = sqlc.narg(ended_by),
    ended_by_kind = sqlc.arg(ended_by_kind),
    assignment_pending = false,
    transfer_to_id = NULL, transfer_expires_at = NULL,
    prompt_pending = false,
    updated_at = now()
WHERE id = sqlc.arg(id) AND status NOT IN ('ended', 'failed')
RETURNING *;

-- name: MarkChatFailed :exec
UPDATE chats SET status = 'failed', ended_at = now(), end_reason = $2, updated_at = now()
WHERE id = $1 AND status NOT IN ('ended', 'failed');

-- name: TouchChatMessage :one
-- A new message: the chat's latest, and the agent's first response when an
-- agent wrote it (one row version per message). It returns what decides
-- whether the chat's workflow must hear of the message at once.
UPDATE chats SET
    last_message_at = GREATEST(COALESCE(last_message_at, sqlc.arg(at)), sqlc.arg(at)),
    first_agent_response_at = CASE WHEN sqlc.arg(by_agent)::bool THEN COALESCE(first_agent_response_at, sqlc.arg(at)) ELSE first_agent_response_at END,
    updated_at = CASE WHEN sqlc.arg(by_agent)::bool AND first_agent_response_at IS NULL THEN now() ELSE updated_at END
WHERE id = sqlc.arg(id)
RETURNING assignee_id, prompt_pending;

-- name: InsertChatEvent :exec
INSERT INTO chat_events (org_id, chat_id, type, actor_id, payload, dedupe_key)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (chat_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;

-- name: ListChatEvents :many
SELECT * FROM chat_events WHERE org_id = $1 AND chat_id = $2 ORDER BY id;

-- name: QueuePosition :one
-- 1 for the oldest waiting chat of the team; 0 when the chat is not waiting.
SELECT CASE WHEN c.status <> 'waiting' THEN 0 ELSE (
    SELECT count(*) FROM chats w
    WHERE w.team_id = c.team_id AND w.status = 'waiting' AND (w.queued_at, w.id) <= (c.queued_at, c.id)
) END::int AS position
FROM chats c WHERE c.id = $1;

-- name: TeamIDsOfAgent :many
SELECT team_id FROM team_members WHERE org_id = $1 AND user_id = $2;

-- name: ListChats :many
-- Lists and filters the chat projection, newest first or (waiting) longest
-- waiting first, with each chat's last message and unread count. visible_to
-- limits an agent to the chats their team's permission mode lets them see
-- (NULL = everything). Its optional filters need a plan made for their values
-- on every call: see livechat_custom_plan_only (migration 0010).
SELECT sqlc.embed(c), t.permission_mode, t.name AS team_name, COALESCE(ct.name, '') AS contact_name,
       ct.email AS contact_email, COALESCE(u.name, '') AS assignee_name,
       (SELECT jsonb_build_object('body', left(m.body, 200), 'sender_kind', m.sender_kind, 'kind', m.kind, 'created_at', m.created_at)
        FROM messages m WHERE m.chat_id = c.id AND m.kind <> 'discussion'
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_message,
       (SELECT count(*) FROM messages um
        WHERE um.chat_id = c.id AND um.sender_kind = 'contact' AND um.read_at IS NULL AND um.kind NOT IN ('note', 'discussion'))::int AS unread_count
FROM chats c
JOIN teams t ON t.id = c.team_id
JOIN contacts ct ON ct.id = c.contact_id
LEFT JOIN users u ON u.id = c.assignee_id
WHERE c.org_id = sqlc.arg(org_id)
  -- Planned for its parameters on every call (migration 0010).
  AND (sqlc.arg(org_id)::uuid IS NOT NULL OR livechat_custom_plan_only())
  AND (sqlc.narg(status)::text IS NULL OR c.status = sqlc.narg(status))
  AND (sqlc.narg(team_id)::uuid IS NULL OR c.team_id = sqlc.narg(team_id))
  AND (sqlc.narg(assignee_id)::uuid IS NULL OR c.assignee_id = sqlc.narg(assignee_id))
  AND (sqlc.narg(contact_id)::uuid IS NULL OR c.contact_id = sqlc.narg(contact_id))
  AND (NOT sqlc.arg(unassigned_only)::bool OR (c.assignee_id IS NULL AND c.status = 'waiting'))
  AND (NOT sqlc.arg(open_only)::bool OR c.status NOT IN ('ended', 'failed'))
  AND (sqlc.narg(search)::text IS NULL
       OR livechat_contact_search(ct.name, ct.username, ct.email::text) LIKE '%' || lower(sqlc.narg(search)::text) || '%')
  AND (NOT sqlc.arg(unread_only)::bool OR EXISTS (
        SELECT 1 FROM messages um
        WHERE um.chat_id = c.id AND um.sender_kind = 'contact' AND um.read_at IS NULL AND um.kind NOT IN ('note', 'discussion')))
  AND (sqlc.narg(visible_to)::uuid IS NULL OR (
        EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = c.team_id AND tm.user_id = sqlc.narg(visible_to))
        -- A CASE rather than ORs of permission_mode tests: teams is too small
        -- for autovacuum to analyze, and without statistics the ORs were
        -- estimated to keep 0.5% of the chats, which made an agent's list
        -- look 100 times dearer than it is and JIT-compiled it (40 ms).
        AND CASE t.permission_mode
              WHEN 'collaborative' THEN true
              WHEN 'self_service' THEN c.assignee_id IS NULL OR c.assignee_id = sqlc.narg(visible_to)
                                       OR c.transfer_to_id = sqlc.narg(visible_to)
              ELSE c.assignee_id = sqlc.narg(visible_to) OR c.transfer_to_id = sqlc.narg(visible_to)
            END))
  AND (sqlc.narg(before_at)::timestamptz IS NULL
       OR (NOT sqlc.arg(waiting_first)::bool AND (c.created_at, c.id) < (sqlc.narg(before_at), sqlc.narg(before_id)::uuid))
       OR (sqlc.arg(waiting_first)::bool AND (COALESCE(c.queued_at, c.created_at), c.id) > (sqlc.narg(before_at), sqlc.narg(before_id)::uuid)))
ORDER BY
  CASE WHEN sqlc.arg(waiting_first)::bool THEN COALESCE(c.queued_at, c.created_at) END ASC,
  CASE WHEN sqlc.arg(waiting_first)::bool THEN c.id END ASC,
  c.created_at DESC, c.id DESC
LIMIT sqlc.arg(max_rows);

-- name: ChatCounts :many
-- Open chats per team the caller may see: waiting for anyone, and theirs.
SELECT t.id AS team_id, t.name AS team_name,
       count(c.id) FILTER (WHERE c.assignee_id IS NULL AND c.status = 'waiting')::int AS unassigned,
       count(c.id) FILTER (WHERE c.assignee_id = sqlc.arg(user_id)::uuid AND c.status IN ('offered', 'assigned', 'transferring'))::int AS mine
FROM teams t
LEFT JOIN chats c ON c.team_id = t.id AND c.status NOT IN ('ended', 'failed')
  AND (NOT sqlc.arg(restricted)::bool
       OR t.permission_mode = 'collaborative'
       OR c.assignee_id = sqlc.arg(user_id)::uuid
       OR c.transfer_to_id = sqlc.arg(user_id)::uuid
       OR (t.permission_mode = 'self_service' AND c.assignee_id IS NULL))
WHERE t.org_id = sqlc.arg(org_id)
  AND (NOT sqlc.arg(restricted)::bool
       OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = t.id AND tm.user_id = sqlc.arg(user_id)::uuid))
GROUP BY t.id, t.name
ORDER BY t.name;

-- name: OpenChatsOfTeam :many
SELECT id FROM chats WHERE team_id = $1 AND status NOT IN ('ended', 'failed');

-- name: SetPromptPending :exec
-- The prompt strategy asked the visitor (true) or had its answer (false).
UPDATE chats SET prompt_pending = $2, updated_at = now()
WHERE id = $1 AND status NOT IN ('ended', 'failed');

-- name: VisitorChatAgents :many
-- The agents a visitor has met in a chat: its assignee and whoever wrote to them.
SELECT u.id, u.name, u.avatar_url FROM users u
WHERE u.id = sqlc.narg(assignee_id)
   OR u.id IN (SELECT m.sender_id FROM messages m
               WHERE m.chat_id = sqlc.arg(chat_id) AND m.sender_kind = 'agent' AND m.kind IN ('text', 'attachment'))
ORDER BY u.name, u.id;

-- name: ChatMessageActivity :one
-- What a chat workflow reads when an inactivity or unresponsive deadline
-- comes due (most messages are not signalled to it): the chat's latest
-- message, and whether its assignee has written since they got the chat.
SELECT c.last_message_at,
       EXISTS (SELECT 1 FROM messages m
               WHERE m.chat_id = c.id AND m.sender_kind = 'agent' AND m.sender_id = sqlc.narg(assignee_id)::uuid
                 AND m.kind IN ('text', 'attachment') AND m.created_at >= sqlc.arg(since)::timestamptz) AS assignee_wrote
FROM chats c WHERE c.id = sqlc.arg(id);
