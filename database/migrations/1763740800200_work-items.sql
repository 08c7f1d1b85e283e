-- Up Migration

-- A work item is an open pull request or a Linear issue: what occupies a WIP
-- slot. Ids follow the domain: gh:owner/repo#12, lin:PAY-44.
CREATE TABLE work_items (
  id                text PRIMARY KEY CHECK (id ~ '^gh:[^/\s]+/[^/\s#]+#[0-9]+$' OR id ~ '^lin:[A-Z][A-Z0-9_]*-[0-9]+$'),
  kind              text NOT NULL CHECK (kind IN ('pull_request', 'linear_issue')),
  -- Unmapped items (a repo no pod owns) are still recorded, without a pod.
  pod_id            text REFERENCES pods (id) ON DELETE SET NULL,
  project_id        text REFERENCES projects (id) ON DELETE SET NULL,
  -- The author or assignee as a person id when known; kept as text so an
  -- outside contributor's item is recorded too.
  person_id         text,
  state             text NOT NULL,
  title             text,
  url               text,
  repo              text,
  number            integer,
  linear_identifier text,
  head_sha          text,
  labels            text[] NOT NULL DEFAULT '{}',
  opened_at         timestamptz,
  closed_at         timestamptz,
  merged_at         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'pull_request' OR (repo IS NOT NULL AND number IS NOT NULL)),
  CHECK (kind <> 'linear_issue' OR linear_identifier IS NOT NULL)
);
CREATE INDEX work_items_pod_state_idx ON work_items (pod_id, state);
CREATE INDEX work_items_project_idx ON work_items (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX work_items_person_idx ON work_items (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX work_items_head_sha_idx ON work_items (repo, head_sha) WHERE head_sha IS NOT NULL;
CREATE TRIGGER work_items_updated_at BEFORE UPDATE ON work_items
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A pull request and the Linear issue(s) its branch, title or body names are
-- one unit of work. The issue side has no foreign key on purpose: the PR's
-- webhook often arrives before Linear's, and the link must not wait for it.
CREATE TABLE work_item_links (
  pull_request_id text NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
  linear_issue_id text NOT NULL CHECK (linear_issue_id ~ '^lin:[A-Z][A-Z0-9_]*-[0-9]+$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pull_request_id, linear_issue_id),
  CHECK (pull_request_id LIKE 'gh:%')
);
CREATE INDEX work_item_links_issue_idx ON work_item_links (linear_issue_id);

-- Down Migration

DROP TABLE work_item_links;
DROP TABLE work_items;
