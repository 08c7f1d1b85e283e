-- Up Migration

-- Tells live readers (the dashboard's event stream) that rows were added to
-- the event log, whichever writer added them: the webhook outbox, the
-- workflows' records, replays. One NOTIFY per statement, carrying the
-- highest new seq; readers fetch everything after the last seq they served,
-- so a notification lost or merged with another loses nothing. The outbox
-- consumer's own wake-up channel (clos_events) stays as it is.
CREATE FUNCTION events_notify_appended() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
BEGIN
  SELECT max(seq) INTO last_seq FROM appended;
  IF last_seq IS NOT NULL THEN
    PERFORM pg_notify('clos_event_log', last_seq::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify_appended AFTER INSERT ON events
  REFERENCING NEW TABLE AS appended
  FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended();

-- Down Migration

DROP TRIGGER events_notify_appended ON events;
DROP FUNCTION events_notify_appended();
