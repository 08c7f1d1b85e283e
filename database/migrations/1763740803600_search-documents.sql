-- Up Migration

-- Knowledge search: one row per searchable record, kept current by triggers on the
-- records themselves, so no writer can forget it and a bulk load (the seed, a restore)
-- is indexed as it lands. A new kind (decisions, check-in notes) is added by its own
-- trigger or writer inserting rows with its kind: the table has no list of kinds.
--
-- Visibility is carried by the row: `pod_id` (the pod whose viewers may read it; NULL:
-- only callers who see every pod) and `owner_person_id` (set: only that person, whatever
-- their roles — check-in notes).
CREATE TABLE search_documents (
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$'),
  source_id       text NOT NULL,
  pod_id          text,
  owner_person_id text,
  title           text NOT NULL,
  body            text NOT NULL DEFAULT '',
  -- A link to the record: a dashboard path, or the vendor's URL (a pull request).
  url             text,
  occurred_at     timestamptz NOT NULL,
  -- Title words outrank body words (weight A over B).
  document        tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
                  ) STORED,
  PRIMARY KEY (kind, source_id)
);
CREATE INDEX search_documents_document_idx ON search_documents USING GIN (document);
CREATE INDEX search_documents_pod_idx ON search_documents (pod_id, occurred_at DESC);
CREATE INDEX search_documents_owner_idx ON search_documents (owner_person_id) WHERE owner_person_id IS NOT NULL;

-- Writes one document (insert or replace).
CREATE FUNCTION search_document_put(
  p_kind text, p_source_id text, p_pod_id text, p_owner text, p_title text, p_body text, p_url text, p_at timestamptz
) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
  VALUES (p_kind, p_source_id, p_pod_id, p_owner, left(coalesce(p_title, ''), 500), left(coalesce(p_body, ''), 20000), p_url, coalesce(p_at, now()))
  ON CONFLICT (kind, source_id) DO UPDATE SET
    pod_id = EXCLUDED.pod_id, owner_person_id = EXCLUDED.owner_person_id, title = EXCLUDED.title,
    body = EXCLUDED.body, url = EXCLUDED.url, occurred_at = EXCLUDED.occurred_at
$$;

CREATE FUNCTION search_index_idea() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'idea' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('idea', NEW.id::text, NEW.pod_id, NULL, NEW.title,
    concat_ws(E'\n', NEW.problem, 'status: ' || NEW.status), '/ideas/?id=' || NEW.id, NEW.created_at);
  RETURN NEW;
END;
$$;
CREATE TRIGGER ideas_search AFTER INSERT OR UPDATE OF title, problem, status, pod_id OR DELETE ON ideas
  FOR EACH ROW EXECUTE FUNCTION search_index_idea();

CREATE FUNCTION search_index_standup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'standup' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('standup', NEW.id::text, NEW.pod_id, NULL,
    'Standup of ' || NEW.person_id || ' on ' || NEW.day::text,
    concat_ws(E'\n', 'Yesterday: ' || NEW.yesterday, 'Today: ' || NEW.today, 'Blockers: ' || NEW.blockers),
    '/pod/?id=' || NEW.pod_id, NEW.submitted_at);
  RETURN NEW;
END;
$$;
CREATE TRIGGER standups_search AFTER INSERT OR UPDATE OF yesterday, today, blockers OR DELETE ON standups
  FOR EACH ROW EXECUTE FUNCTION search_index_standup();

CREATE FUNCTION search_index_blocker() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'blocker' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('blocker', NEW.id::text, NEW.pod_id, NULL, NEW.description,
    concat_ws(E'\n', 'raised by ' || NEW.person_id, 'work item ' || NEW.work_item_id,
      CASE WHEN NEW.resolved_at IS NULL THEN 'open' ELSE 'resolved by ' || NEW.resolved_by END),
    CASE WHEN NEW.work_item_id IS NULL THEN '/pod/?id=' || NEW.pod_id ELSE '/blocked/?item=' || NEW.work_item_id END,
    NEW.opened_at);
  RETURN NEW;
END;
$$;
CREATE TRIGGER blockers_search AFTER INSERT OR UPDATE OF description, resolved_at, work_item_id OR DELETE ON blockers
  FOR EACH ROW EXECUTE FUNCTION search_index_blocker();

CREATE FUNCTION search_index_evidence() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'evidence' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('evidence', NEW.id::text, (SELECT p.pod_id FROM projects p WHERE p.id = NEW.project_id), NULL,
    'Evidence for ' || NEW.project_id || ' ' || NEW.stage_id || '/' || NEW.criterion_id,
    concat_ws(E'\n', NEW.value, 'submitted by ' || NEW.submitted_by),
    '/project/?id=' || NEW.project_id, NEW.submitted_at);
  RETURN NEW;
END;
$$;
CREATE TRIGGER evidence_search AFTER INSERT OR UPDATE OF value OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION search_index_evidence();

CREATE FUNCTION search_index_demo() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'demo' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('demo', NEW.id::text, NEW.pod_id, NULL,
    'Demo of ' || NEW.project_id || ' on ' || NEW.scheduled_for::text,
    concat_ws(E'\n', 'scheduled by ' || NEW.scheduled_by,
      CASE WHEN NEW.held_at IS NULL THEN 'not held yet' ELSE 'held by ' || NEW.held_by END),
    '/project/?id=' || NEW.project_id, coalesce(NEW.held_at, NEW.created_at));
  RETURN NEW;
END;
$$;
CREATE TRIGGER demos_search AFTER INSERT OR UPDATE OF held_at, scheduled_for OR DELETE ON demos
  FOR EACH ROW EXECUTE FUNCTION search_index_demo();

CREATE FUNCTION search_index_stage_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE kind = 'stage_transition' AND source_id = OLD.id::text;
    RETURN OLD;
  END IF;
  PERFORM search_document_put('stage_transition', NEW.id::text, (SELECT p.pod_id FROM projects p WHERE p.id = NEW.project_id), NULL,
    NEW.project_id || ': ' || coalesce(NEW.from_stage || ' → ', '') || NEW.to_stage || ' (' || NEW.kind || ')',
    concat_ws(E'\n', NEW.reason, 'by ' || NEW.actor),
    '/project/?id=' || NEW.project_id, NEW.at);
  RETURN NEW;
END;
$$;
CREATE TRIGGER stage_transitions_search AFTER INSERT OR UPDATE OF reason OR DELETE ON stage_transitions
  FOR EACH ROW EXECUTE FUNCTION search_index_stage_transition();

CREATE FUNCTION search_index_work_item() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.title IS NULL) THEN
    DELETE FROM search_documents WHERE kind = 'work_item' AND source_id = OLD.id;
    RETURN coalesce(NEW, OLD);
  END IF;
  IF NEW.title IS NULL THEN RETURN NEW; END IF;
  PERFORM search_document_put('work_item', NEW.id, NEW.pod_id, NULL, NEW.title,
    concat_ws(E'\n', coalesce(NEW.repo || '#' || NEW.number, NEW.linear_identifier), 'by ' || NEW.person_id, NEW.state,
      array_to_string(NEW.labels, ' ')),
    coalesce(NEW.url, '/blocked/?item=' || NEW.id), coalesce(NEW.opened_at, NEW.created_at));
  RETURN NEW;
END;
$$;
CREATE TRIGGER work_items_search AFTER INSERT OR UPDATE OF title, pod_id, state, labels OR DELETE ON work_items
  FOR EACH ROW EXECUTE FUNCTION search_index_work_item();

-- What is already on record.
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'idea', id::text, pod_id, NULL, title, concat_ws(E'\n', problem, 'status: ' || status), '/ideas/?id=' || id, created_at FROM ideas;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'standup', id::text, pod_id, NULL, 'Standup of ' || person_id || ' on ' || day::text,
  concat_ws(E'\n', 'Yesterday: ' || yesterday, 'Today: ' || today, 'Blockers: ' || blockers), '/pod/?id=' || pod_id, submitted_at FROM standups;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'blocker', id::text, pod_id, NULL, description, concat_ws(E'\n', 'raised by ' || person_id, 'work item ' || work_item_id),
  '/pod/?id=' || pod_id, opened_at FROM blockers;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'evidence', e.id::text, p.pod_id, NULL, 'Evidence for ' || e.project_id || ' ' || e.stage_id || '/' || e.criterion_id,
  concat_ws(E'\n', e.value, 'submitted by ' || e.submitted_by), '/project/?id=' || e.project_id, e.submitted_at
FROM evidence e LEFT JOIN projects p ON p.id = e.project_id;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'demo', id::text, pod_id, NULL, 'Demo of ' || project_id || ' on ' || scheduled_for::text, 'scheduled by ' || scheduled_by,
  '/project/?id=' || project_id, coalesce(held_at, created_at) FROM demos;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'stage_transition', t.id::text, p.pod_id, NULL,
  t.project_id || ': ' || coalesce(t.from_stage || ' → ', '') || t.to_stage || ' (' || t.kind || ')',
  concat_ws(E'\n', t.reason, 'by ' || t.actor), '/project/?id=' || t.project_id, t.at
FROM stage_transitions t LEFT JOIN projects p ON p.id = t.project_id;
INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, url, occurred_at)
SELECT 'work_item', id, pod_id, NULL, title, concat_ws(E'\n', coalesce(repo || '#' || number, linear_identifier), 'by ' || person_id, state),
  coalesce(url, '/blocked/?item=' || id), coalesce(opened_at, created_at) FROM work_items WHERE title IS NOT NULL;

-- Down Migration

DROP TRIGGER work_items_search ON work_items;
DROP TRIGGER stage_transitions_search ON stage_transitions;
DROP TRIGGER demos_search ON demos;
DROP TRIGGER evidence_search ON evidence;
DROP TRIGGER blockers_search ON blockers;
DROP TRIGGER standups_search ON standups;
DROP TRIGGER ideas_search ON ideas;
DROP FUNCTION search_index_work_item();
DROP FUNCTION search_index_stage_transition();
DROP FUNCTION search_index_demo();
DROP FUNCTION search_index_evidence();
DROP FUNCTION search_index_blocker();
DROP FUNCTION search_index_standup();
DROP FUNCTION search_index_idea();
DROP FUNCTION search_document_put(text, text, text, text, text, text, text, timestamptz);
DROP TABLE search_documents;
