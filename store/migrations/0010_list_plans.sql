-- The chat and contact lists at scale (bench/EXPLAIN.md: 100,000 contacts,
-- 50,000 chats, 1,000,000 messages).

-- Keeps the chat and contact lists on plans made for their parameters.
-- Their optional filters are written "(param IS NULL OR column = param)",
-- which plans well only when PostgreSQL sees the values. The API's pool
-- prepares statements, and the plan cache switches a prepared statement to
-- one generic plan (made without the values) after five executions when it
-- estimates that plan no dearer than the custom ones so far. The lists'
-- generic plans estimate one row and read every contact (0.2-0.45 s instead
-- of 1-4 ms), and a few expensive custom plans (an agent's list was one) are
-- enough to tip the average: the connection then keeps the generic plan for
-- every caller until it closes.
--
-- The lists add "AND (<org_id> IS NOT NULL OR livechat_custom_plan_only())".
-- With the value known, the condition folds to true and disappears; in a
-- generic plan it stays, as a one-time filter that never calls the function
-- (org_id is never NULL), but it is costed with the function's COST, which
-- makes every generic plan dearer than any custom one. The function is never
-- inlined (PL/pgSQL) and never folded (STABLE).
CREATE FUNCTION livechat_custom_plan_only() RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE COST 10000000000 AS $$
BEGIN
    RETURN false;
END $$;

-- The chat list sorted longest waiting first (?sort=waiting) read and sorted
-- every chat of the organisation (50-90 ms at 50,000 chats, spilling to disk);
-- this index gives that order with the page's LIMIT.
CREATE INDEX chats_org_waiting_order_idx ON chats (org_id, (COALESCE(queued_at, created_at)), id);
