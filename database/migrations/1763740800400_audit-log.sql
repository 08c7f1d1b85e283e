-- Up Migration

-- The audit log is append-only, and the database enforces it: UPDATE, DELETE
-- and TRUNCATE raise. Each row also carries a SHA-256 hash chained to the row
-- before it, so a change made behind the triggers' back (a superuser
-- disabling them, a restore of an edited dump) shows up in
-- verify_audit_chain().
-- The id comes from audit_log_id_seq, drawn by the chaining trigger under its
-- lock rather than as a column default (a default is evaluated before the
-- trigger runs, out of chain order).
CREATE TABLE audit_log (
  id        bigint PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  action    text NOT NULL,
  target    text,
  details   jsonb NOT NULL DEFAULT '{}',
  source_ip inet,
  prev_hash text NOT NULL,
  hash      text NOT NULL UNIQUE
);
CREATE SEQUENCE audit_log_id_seq AS bigint OWNED BY audit_log.id;
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target, at DESC) WHERE target IS NOT NULL;

-- The hash input: the row's content as a JSON array. jsonb renders
-- deterministically and escapes every string, so no two rows share an input;
-- the time is rendered in UTC so the session's time zone cannot change it.
CREATE FUNCTION audit_row_hash(
  p_prev_hash text, p_id bigint, p_at timestamptz, p_actor text, p_action text,
  p_target text, p_details jsonb, p_source_ip inet
) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(digest(
    p_prev_hash || jsonb_build_array(
      p_id,
      to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      p_actor, p_action, p_target, p_details, host(p_source_ip)
    )::text,
    'sha256'), 'hex')
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  -- One writer at a time until commit, and the id is drawn under that lock,
  -- so id order is chain order even when transactions interleave.
  PERFORM pg_advisory_xact_lock(hashtext('clos.audit_log'));
  NEW.id := nextval('audit_log_id_seq');
  -- The database stamps the time: a writer cannot back-date an entry.
  NEW.at := clock_timestamp();
  NEW.details := coalesce(NEW.details, '{}'::jsonb);
  SELECT a.hash INTO last_hash FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action,
                             NEW.target, NEW.details, NEW.source_ip);
  RETURN NEW;
END;
$$;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Walks the chain in id order and returns every row whose stored hashes do
-- not match its content or its predecessor. No rows means the log is intact.
CREATE FUNCTION verify_audit_chain()
RETURNS TABLE (id bigint, problem text, expected_hash text, stored_hash text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r audit_log%ROWTYPE;
  expected_prev text := repeat('0', 64);
  recomputed text;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY audit_log.id LOOP
    IF r.prev_hash IS DISTINCT FROM expected_prev THEN
      id := r.id; problem := 'prev_hash does not match the previous row';
      expected_hash := expected_prev; stored_hash := r.prev_hash;
      RETURN NEXT;
    END IF;
    recomputed := audit_row_hash(r.prev_hash, r.id, r.at, r.actor, r.action,
                                 r.target, r.details, r.source_ip);
    IF r.hash IS DISTINCT FROM recomputed THEN
      id := r.id; problem := 'hash does not match the row content';
      expected_hash := recomputed; stored_hash := r.hash;
      RETURN NEXT;
    END IF;
    expected_prev := r.hash;
  END LOOP;
END;
$$;

-- Down Migration

DROP FUNCTION verify_audit_chain();
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
DROP FUNCTION audit_log_chain();
DROP FUNCTION audit_row_hash(text, bigint, timestamptz, text, text, text, jsonb, inet);
