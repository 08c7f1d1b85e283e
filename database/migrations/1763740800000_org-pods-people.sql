-- Up Migration

-- The organisation as declared in clos.yml: pods, the people in them, their
-- roles and the repositories each pod owns. clos.yml is the source of truth;
-- these rows are its durable, queryable copy.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE TABLE orgs (
  id          text PRIMARY KEY CHECK (length(id) > 0),
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'UTC',
  config_repo text CHECK (config_repo IS NULL OR config_repo ~ '^[^/\s]+/[^/\s]+$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER orgs_updated_at BEFORE UPDATE ON orgs
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE pods (
  id                   text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
  org_id               text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name                 text NOT NULL,
  wip_limit            integer NOT NULL CHECK (wip_limit >= 0),
  per_person_wip_limit integer CHECK (per_person_wip_limit IS NULL OR per_person_wip_limit > 0),
  mode                 text NOT NULL DEFAULT 'enforce' CHECK (mode IN ('observe', 'warn', 'enforce')),
  expedite_label       text NOT NULL DEFAULT 'expedite',
  expedite_quota       integer NOT NULL DEFAULT 1 CHECK (expedite_quota >= 0),
  linear_teams         text[] NOT NULL DEFAULT '{}',
  slack_channel        text,
  health_thresholds    jsonb,
  -- Set when the pod leaves clos.yml: its projects and history stay readable.
  archived_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pods_org_idx ON pods (org_id);
CREATE TRIGGER pods_updated_at BEFORE UPDATE ON pods
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A person's id is the stable identity clos.yml gives them (GitHub login,
-- else Slack id, else Linear). Each vendor identity maps to one person.
CREATE TABLE people (
  id            text PRIMARY KEY,
  org_id        text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name          text,
  github_login  text,
  slack_user_id text,
  linear_user   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (github_login IS NOT NULL OR slack_user_id IS NOT NULL OR linear_user IS NOT NULL)
);
-- GitHub logins and emails are case-insensitive.
CREATE UNIQUE INDEX people_github_login_key ON people (lower(github_login));
CREATE UNIQUE INDEX people_slack_user_id_key ON people (slack_user_id);
CREATE UNIQUE INDEX people_linear_user_key ON people (lower(linear_user));
CREATE INDEX people_org_idx ON people (org_id);
CREATE TRIGGER people_updated_at BEFORE UPDATE ON people
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE memberships (
  person_id  text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  pod_id     text NOT NULL REFERENCES pods (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('viewer', 'member', 'lead', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, pod_id)
);
CREATE INDEX memberships_pod_idx ON memberships (pod_id, role);
CREATE TRIGGER memberships_updated_at BEFORE UPDATE ON memberships
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A repository belongs to exactly one pod: the primary key enforces it.
CREATE TABLE repos (
  full_name       text PRIMARY KEY CHECK (full_name ~ '^[^/\s]+/[^/\s]+$'),
  pod_id          text NOT NULL REFERENCES pods (id) ON DELETE CASCADE,
  default_branch  text,
  installation_id bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- GitHub ignores case in owner/name.
CREATE UNIQUE INDEX repos_full_name_lower_key ON repos (lower(full_name));
CREATE INDEX repos_pod_idx ON repos (pod_id);
CREATE TRIGGER repos_updated_at BEFORE UPDATE ON repos
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Down Migration

DROP TABLE repos;
DROP TABLE memberships;
DROP TABLE people;
DROP TABLE pods;
DROP TABLE orgs;
DROP FUNCTION set_updated_at();
