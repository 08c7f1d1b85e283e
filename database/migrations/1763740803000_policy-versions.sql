-- Up Migration

-- The live policy: every version of clos.yml that was ever in force, newest
-- last. The highest version is the policy every process (api, processor,
-- worker) runs with; each follows new rows through the clos_policy channel.
-- Rows are never changed or removed, so any version can be read back and
-- compared with the next.
CREATE TABLE policy_versions (
  version     bigint PRIMARY KEY CHECK (version > 0),
  config      jsonb NOT NULL,
  -- sha256 of the canonical JSON of config: a publication equal to the
  -- version in force is recognised and adds no row.
  config_hash text NOT NULL,
  -- Where the version came from: the deploy-time file, a push to the config
  -- repository, or a change through the api.
  source      text NOT NULL CHECK (source IN ('file', 'push', 'api')),
  -- For 'file': sha256 of the file's text, so a restart with the same file
  -- does not publish it again (ADR 0017).
  file_hash   text,
  -- For 'push': the commit and when it was pushed, so a late, older push
  -- cannot roll back a newer one.
  commit_sha  text,
  pushed_at   timestamptz,
  actor       text NOT NULL,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policy_versions_file_hash_idx ON policy_versions (file_hash) WHERE file_hash IS NOT NULL;

CREATE FUNCTION policy_versions_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy_versions is append-only';
END;
$$;
CREATE TRIGGER policy_versions_no_update BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION policy_versions_immutable();

-- Wakes every follower with the new version number once the insert commits.
CREATE FUNCTION policy_versions_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('clos_policy', NEW.version::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER policy_versions_notify AFTER INSERT ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION policy_versions_notify();

-- Down Migration

DROP TRIGGER policy_versions_notify ON policy_versions;
DROP FUNCTION policy_versions_notify();
DROP TRIGGER policy_versions_no_update ON policy_versions;
DROP FUNCTION policy_versions_immutable();
DROP TABLE policy_versions;
