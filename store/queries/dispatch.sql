-- name: LockTeamForDispatch :one
-- Serialises dispatch per team.
SELECT * FROM teams WHERE org_id = $1 AND id = $2 FOR UPDATE;

-- name: DispatchableChats :many
-- The team's queue, oldest first; chats being claimed right now are skipped.
SELECT id, contact_id, excluded_agent_ids
FROM chats
WHERE team_id = $1 AND status = 'waiting' AND (dispatch_after IS NULL OR dispatch_after <= now())
ORDER BY queued_at, id
LIMIT $2
FOR UPDATE SKIP LOCKED;

-- name: LockOnlineTeamAgents :many
-- Online members of the team (their console confirmed it within the last
-- minute), locked in a fixed order so concurrent dispatches of teams
-- sharing agents never overcommit one agent.
SELECT m.user_id, m.schedule_id, tm.last_assigned_at
FROM team_members tm
JOIN memberships m ON m.org_id = tm.org_id AND m.user_id = tm.user_id
JOIN agent_presence p ON p.org_id = tm.org_id AND p.user_id = tm.user_id
WHERE tm.team_id = $1 AND p.status = 'online' AND p.last_heartbeat_at > now() - interval '60 seconds'
ORDER BY m.user_id
FOR UPDATE OF m;

-- name: ActiveChatCounts :many
SELECT assignee_id::uuid AS agent_id, count(*)::int AS active
FROM chats
WHERE assignee_id = ANY(sqlc.arg(agent_ids)::uuid[]) AND status IN ('offered', 'assigned', 'transferring')
GROUP BY assignee_id;

-- name: PreviousAgentsOfContacts :many
-- The agent each contact was last assigned to (Round Robin by Contact).
SELECT DISTINCT ON (contact_id) contact_id, assignee_id::uuid AS agent_id
FROM chats
WHERE org_id = $1 AND contact_id = ANY(sqlc.arg(contact_ids)::uuid[]) AND assignee_id IS NOT NULL
ORDER BY contact_id, first_assigned_at DESC NULLS LAST;

-- name: DispatchAssign :exec
UPDATE chats SET
    status = sqlc.arg(status),
    assignee_id = sqlc.arg(agent_id),
    first_assigned_at = CASE WHEN sqlc.arg(status) = 'assigned' THEN COALESCE(first_assigned_at, now()) ELSE first_assigned_at END,
    assignment_pending = true,
    updated_at = now()
WHERE id = sqlc.arg(chat_id) AND status = 'waiting';

-- name: TouchTeamMemberAssigned :exec
UPDATE team_members SET last_assigned_at = now() WHERE team_id = $1 AND user_id = $2;

-- name: PendingAssignments :many
-- Assignments no workflow has taken in: all of them, or only those older
-- than a few seconds (whose signal may have been lost).
SELECT id, assignee_id::uuid AS agent_id, status
FROM chats
WHERE team_id = $1 AND assignment_pending AND status IN ('offered', 'assigned')
  AND (sqlc.arg(include_recent)::bool OR updated_at < now() - interval '5 seconds');

-- name: SchedulesByID :many
SELECT s.id, s.timezone,
       COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens_at, 'HH24:MI'), 'closes', to_char(h.closes_at, 'HH24:MI')) ORDER BY h.weekday, h.opens_at)
                 FROM schedule_hours h WHERE h.schedule_id = s.id), '[]')::jsonb AS hours,
       COALESCE((SELECT json_agg(to_char(d.day, 'YYYY-MM-DD') ORDER BY d.day)
                 FROM schedule_holidays d WHERE d.schedule_id = s.id), '[]')::jsonb AS holidays
FROM availability_schedules s
WHERE s.id = ANY(sqlc.arg(ids)::uuid[]);

-- name: OldestWaitingChatsOfAgentTeams :many
-- For each team of the agent, its oldest dispatchable waiting chat: waking it
-- makes its workflow dispatch the whole team.
SELECT DISTINCT ON (c.team_id) c.id, c.team_id
FROM chats c
JOIN team_members tm ON tm.team_id = c.team_id
WHERE tm.org_id = $1 AND tm.user_id = $2 AND c.status = 'waiting'
  AND (c.dispatch_after IS NULL OR c.dispatch_after <= now())
ORDER BY c.team_id, c.queued_at, c.id;

-- name: OnlineTeamAgentSchedules :many
SELECT m.schedule_id
FROM team_members tm
JOIN memberships m ON m.org_id = tm.org_id AND m.user_id = tm.user_id
JOIN agent_presence p ON p.org_id = tm.org_id AND p.user_id = tm.user_id
WHERE tm.org_id = $1 AND tm.team_id = $2 AND p.status = 'online'
  AND p.last_heartbeat_at > now() - interval '60 seconds' AND m.schedule_id IS NOT NULL;
