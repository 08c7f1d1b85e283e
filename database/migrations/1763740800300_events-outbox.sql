-- Up Migration

-- Every domain event, in the one envelope used everywhere. The table is the
-- event log (activity feed, replays) and, with the local bus, the outbox the
-- consumer drains: a row is delivered at least once, leased while a consumer
-- works on it, retried with backoff and parked as 'dead' after too many
-- failures so it never blocks the rows behind it.
CREATE TABLE events (
  id             uuid PRIMARY KEY,
  -- Insertion order: a stable tiebreaker for FIFO delivery and keyset paging.
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  type           text NOT NULL,
  source         text NOT NULL CHECK (source IN ('github', 'linear', 'slack', 'clos', 'schedule', 'api')),
  occurred_at    timestamptz NOT NULL,
  received_at    timestamptz NOT NULL,
  delivery_id    text NOT NULL,
  correlation_id text NOT NULL,
  subject        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(subject) = 'object'),
  payload        jsonb NOT NULL DEFAULT '{}',
  pod_id         text GENERATED ALWAYS AS (subject ->> 'podId') STORED,
  project_id     text GENERATED ALWAYS AS (subject ->> 'projectId') STORED,
  work_item_id   text GENERATED ALWAYS AS (subject ->> 'workItemId') STORED,
  person_id      text GENERATED ALWAYS AS (subject ->> 'personId') STORED,

  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'done', 'dead')),
  attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at   timestamptz NOT NULL DEFAULT now(),
  locked_until   timestamptz,
  last_error     text,
  processed_at   timestamptz,
  CHECK (status <> 'processing' OR locked_until IS NOT NULL)
);

-- The consumer: ready rows in delivery order, and leases that ran out.
CREATE INDEX events_ready_idx ON events (available_at, seq) WHERE status = 'pending';
CREATE INDEX events_leased_idx ON events (locked_until) WHERE status = 'processing';
CREATE INDEX events_dead_idx ON events (seq) WHERE status = 'dead';

-- Paging the log by pod, project, work item, type and time (newest first).
CREATE INDEX events_occurred_idx ON events (occurred_at DESC, seq DESC);
CREATE INDEX events_pod_idx ON events (pod_id, occurred_at DESC, seq DESC) WHERE pod_id IS NOT NULL;
CREATE INDEX events_project_idx ON events (project_id, occurred_at DESC, seq DESC) WHERE project_id IS NOT NULL;
CREATE INDEX events_work_item_idx ON events (work_item_id, occurred_at DESC, seq DESC) WHERE work_item_id IS NOT NULL;
CREATE INDEX events_type_idx ON events (type, occurred_at DESC, seq DESC);
CREATE INDEX events_delivery_idx ON events (delivery_id);
CREATE INDEX events_correlation_idx ON events (correlation_id);

-- Down Migration

DROP TABLE events;
