-- name: DashboardStats :many
-- Chat and contact figures of an organisation (or one of its teams) for each
-- local day from_day..to_day (inclusive) in time zone tz, every day present,
-- followed by one totals row (total true, day empty). Failed chats never count.
--
-- A chat belongs to the local day it was created on (and to its current
-- team). First response: first_agent_response_at minus queued_at, or minus
-- created_at when the chat was never queued or was queued again (moved to
-- another team) after its first response. Resolution: ended_at minus
-- created_at, for ended chats. A contact is new on the day of its first chat
-- in the organisation (any team), returning on a later day with a chat; in
-- the totals each contact counts once: new when its first chat falls in the
-- period (on a day with a chat in scope), returning otherwise.
WITH period AS (
    SELECT c.contact_id,
           (c.created_at AT TIME ZONE sqlc.arg(tz)::text)::date AS day,
           extract(epoch FROM c.first_agent_response_at - CASE
               WHEN c.queued_at <= c.first_agent_response_at THEN c.queued_at
               ELSE c.created_at
           END)::float8 AS first_response,
           extract(epoch FROM c.ended_at - c.created_at)::float8 AS resolution
    FROM chats c
    WHERE c.org_id = sqlc.arg(org_id)
      AND c.status <> 'failed'
      AND (sqlc.narg(team_id)::uuid IS NULL OR c.team_id = sqlc.narg(team_id)::uuid)
      AND c.created_at >= (sqlc.arg(from_day)::date::timestamp AT TIME ZONE sqlc.arg(tz)::text)
      AND c.created_at < ((sqlc.arg(to_day)::date + 1)::timestamp AT TIME ZONE sqlc.arg(tz)::text)
),
firsts AS MATERIALIZED (
    -- The local day of each contact's first chat in the organisation, looked
    -- up once per contact (chats_contact_idx).
    SELECT p.contact_id, (f.first_at AT TIME ZONE sqlc.arg(tz)::text)::date AS first_day
    FROM (SELECT DISTINCT contact_id FROM period) p
    CROSS JOIN LATERAL (
        SELECT min(o.created_at) AS first_at
        FROM chats o
        WHERE o.org_id = sqlc.arg(org_id) AND o.contact_id = p.contact_id AND o.status <> 'failed'
    ) f
),
contact_days AS (
    SELECT d.contact_id, d.day, f.first_day = d.day AS is_new
    FROM (SELECT DISTINCT contact_id, day FROM period) d
    JOIN firsts f ON f.contact_id = d.contact_id
),
chat_days AS (
    SELECT p.day,
           count(*) AS chats,
           count(p.first_response) AS answered,
           avg(p.first_response) AS first_response_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.first_response) AS first_response_median,
           avg(p.resolution) AS resolution_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.resolution) AS resolution_median
    FROM period p
    GROUP BY p.day
),
contact_counts AS (
    SELECT cd.day,
           count(*) FILTER (WHERE cd.is_new) AS new_contacts,
           count(*) FILTER (WHERE NOT cd.is_new) AS returning_contacts
    FROM contact_days cd
    GROUP BY cd.day
)
SELECT false AS total,
       to_char(d.day, 'YYYY-MM-DD') AS day,
       coalesce(cs.chats, 0)::bigint AS chats,
       coalesce(cs.answered, 0)::bigint AS answered,
       cs.first_response_avg,
       cs.first_response_median,
       cs.resolution_avg,
       cs.resolution_median,
       coalesce(cc.new_contacts, 0)::bigint AS new_contacts,
       coalesce(cc.returning_contacts, 0)::bigint AS returning_contacts
FROM (
    SELECT sqlc.arg(from_day)::date + n AS day
    FROM generate_series(0, sqlc.arg(to_day)::date - sqlc.arg(from_day)::date) AS n
) d
LEFT JOIN chat_days cs ON cs.day = d.day
LEFT JOIN contact_counts cc ON cc.day = d.day
UNION ALL
SELECT true,
       '',
       t.chats::bigint,
       t.answered::bigint,
       t.first_response_avg::float8,
       t.first_response_median::float8,
       t.resolution_avg::float8,
       t.resolution_median::float8,
       ct.new_contacts::bigint,
       ct.returning_contacts::bigint
FROM (
    SELECT count(*) AS chats,
           count(p.first_response) AS answered,
           avg(p.first_response) AS first_response_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.first_response) AS first_response_median,
           avg(p.resolution) AS resolution_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.resolution) AS resolution_median
    FROM period p
) t
CROSS JOIN (
    SELECT count(*) FILTER (WHERE per_contact.is_new) AS new_contacts,
           count(*) FILTER (WHERE NOT per_contact.is_new) AS returning_contacts
    FROM (
        SELECT cd.contact_id, bool_or(cd.is_new) AS is_new
        FROM contact_days cd
        GROUP BY cd.contact_id
    ) per_contact
) ct
ORDER BY total, day;
