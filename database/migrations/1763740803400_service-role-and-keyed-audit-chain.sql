-- Up Migration

-- Least privilege. Migrations run as the schema's owner; the services (api, processor,
-- worker) connect as a login role that is a member of clos_app, which may read and write
-- the records but may only INSERT and SELECT the audit log, and — not being the owner of
-- any table — can neither ALTER a table nor DISABLE its triggers. The login role itself
-- (name and password) is made by whoever provisions the database: ensureServiceRole() in
-- @clos/database (devstack, test stack, the AWS migration task).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clos_app') THEN
    CREATE ROLE clos_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO clos_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clos_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO clos_app;
-- Tables and sequences later migrations create get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clos_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO clos_app;

-- The migrations' bookkeeping is the owner's business alone.
REVOKE ALL ON pgmigrations FROM clos_app;
-- The audit log: append and read, nothing else. Without UPDATE on its sequence the role
-- cannot setval() the ids either (nextval needs only USAGE).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM clos_app;
REVOKE UPDATE ON SEQUENCE audit_log_id_seq FROM clos_app;

-- The keyed chain. A session that holds the key (setting clos.audit_chain_key, given to
-- each service connection from AUDIT_CHAIN_KEY) chains its entries with HMAC-SHA256 under
-- it; the hash is then stored as 'hmac-sha256:<hex>'. The owner of the table, who may
-- disable the triggers but never sees the key, can no longer rewrite the chain so that it
-- verifies. Entries written before a key was configured stay plain SHA-256.
CREATE FUNCTION audit_row_hmac(
  p_key text, p_prev_hash text, p_id bigint, p_at timestamptz, p_actor text, p_action text,
  p_target text, p_details jsonb, p_source_ip inet
) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT 'hmac-sha256:' || encode(hmac(
    p_prev_hash || jsonb_build_array(
      p_id,
      to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      p_actor, p_action, p_target, p_details, host(p_source_ip)
    )::text,
    p_key, 'sha256'), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
  chain_key text := nullif(current_setting('clos.audit_chain_key', true), '');
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
  IF chain_key IS NULL THEN
    NEW.hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action,
                               NEW.target, NEW.details, NEW.source_ip);
  ELSE
    NEW.hash := audit_row_hmac(chain_key, NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action,
                               NEW.target, NEW.details, NEW.source_ip);
  END IF;
  RETURN NEW;
END;
$$;

-- Walks the chain in id order with the session's key and returns every row that does not
-- match its content or its predecessor. Keyed rows cannot be checked without the key (a
-- problem, never a pass); once a keyed row was seen, a plain one is a problem too (written
-- without the key, or forged by someone who lacks it). The recomputed HMAC of a changed row
-- is withheld so this function is no oracle for forging one.
DROP FUNCTION verify_audit_chain();
CREATE FUNCTION verify_audit_chain()
RETURNS TABLE (id bigint, problem text, expected_hash text, stored_hash text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r audit_log%ROWTYPE;
  expected_prev text := repeat('0', 64);
  recomputed text;
  chain_key text := nullif(current_setting('clos.audit_chain_key', true), '');
  seen_keyed boolean := false;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY audit_log.id LOOP
    IF r.prev_hash IS DISTINCT FROM expected_prev THEN
      id := r.id; problem := 'prev_hash does not match the previous row';
      expected_hash := expected_prev; stored_hash := r.prev_hash;
      RETURN NEXT;
    END IF;
    IF starts_with(r.hash, 'hmac-sha256:') THEN
      seen_keyed := true;
      IF chain_key IS NULL THEN
        id := r.id; problem := 'keyed entry: it can only be checked with AUDIT_CHAIN_KEY';
        expected_hash := ''; stored_hash := r.hash;
        RETURN NEXT;
      ELSIF r.hash IS DISTINCT FROM audit_row_hmac(chain_key, r.prev_hash, r.id, r.at, r.actor, r.action,
                                                   r.target, r.details, r.source_ip) THEN
        id := r.id; problem := 'hash does not match the row content under the chain key (changed, or a wrong key)';
        expected_hash := 'hmac-sha256:(withheld)'; stored_hash := r.hash;
        RETURN NEXT;
      END IF;
    ELSE
      IF seen_keyed AND chain_key IS NOT NULL THEN
        id := r.id; problem := 'entry is not keyed although an earlier one is (written without the key, or forged)';
        expected_hash := 'hmac-sha256:(withheld)'; stored_hash := r.hash;
        RETURN NEXT;
      ELSE
        recomputed := audit_row_hash(r.prev_hash, r.id, r.at, r.actor, r.action,
                                     r.target, r.details, r.source_ip);
        IF r.hash IS DISTINCT FROM recomputed THEN
          id := r.id; problem := 'hash does not match the row content';
          expected_hash := recomputed; stored_hash := r.hash;
          RETURN NEXT;
        END IF;
      END IF;
    END IF;
    expected_prev := r.hash;
  END LOOP;
END;
$$;

-- Down Migration

DROP FUNCTION verify_audit_chain();
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

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('clos.audit_log'));
  NEW.id := nextval('audit_log_id_seq');
  NEW.at := clock_timestamp();
  NEW.details := coalesce(NEW.details, '{}'::jsonb);
  SELECT a.hash INTO last_hash FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action,
                             NEW.target, NEW.details, NEW.source_ip);
  RETURN NEW;
END;
$$;

DROP FUNCTION audit_row_hmac(text, text, bigint, timestamptz, text, text, text, jsonb, inet);

ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM clos_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM clos_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM clos_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM clos_app;
REVOKE USAGE ON SCHEMA public FROM clos_app;
