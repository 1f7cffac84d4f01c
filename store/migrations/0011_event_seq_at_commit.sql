-- Events are numbered when their transaction commits, not when they are
-- inserted (bench/README.md, docs/decisions.md 31).
--
-- The organisation's row in org_event_sequences stays locked from the
-- moment an event takes its number until the transaction commits, so that
-- events commit in sequence order and a reader never sees seq n+1 before n.
-- Taken at the insert, that lock was also held across everything the
-- transaction did afterwards: its other statements, every round trip to the
-- API and the API's own scheduling on a busy machine. Under 500 messages a
-- second the API's connections queued on that one row (pg_stat_activity:
-- Lock/transactionid) while the machine had CPU to spare.
--
-- Now an event is inserted with a provisional number (negative, unique,
-- never visible to another transaction) and a deferred constraint trigger
-- gives it its number during COMMIT, then publishes it: the lock is held
-- for the commit alone. Deferred triggers run in the order their rows were
-- inserted, so the events of one transaction keep their order.

CREATE SEQUENCE events_provisional_seq;

CREATE OR REPLACE FUNCTION livechat_event_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.seq := -nextval('events_provisional_seq');
    RETURN NEW;
END $$;

DROP TRIGGER events_notify ON events;
DROP FUNCTION livechat_event_notify();

-- At commit: the organisation's next number, then the notification that
-- every API replica's listener reads (the whole row when it fits).
CREATE FUNCTION livechat_event_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_seq bigint;
    ev events%ROWTYPE;
    body text;
BEGIN
    INSERT INTO org_event_sequences AS s (org_id, last_seq) VALUES (NEW.org_id, 1)
    ON CONFLICT (org_id) DO UPDATE SET last_seq = s.last_seq + 1
    RETURNING last_seq INTO next_seq;
    UPDATE events SET seq = next_seq WHERE org_id = NEW.org_id AND seq = NEW.seq
    RETURNING * INTO ev;
    body := row_to_json(ev)::text;
    IF octet_length(body) > 7500 THEN
        body := json_build_object('org_id', ev.org_id, 'seq', ev.seq, 'truncated', true)::text;
    END IF;
    PERFORM pg_notify('livechat_events', body);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER events_commit AFTER INSERT ON events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION livechat_event_commit();
