-- Up Migration

-- How often CLOS is used, per UTC day: Slack commands and dashboard page views (the
-- success metrics GET /api/metrics reports). Counted from this migration on; one row per
-- day and counter, incremented in place, so a busy day is one row, not one per use.
CREATE TABLE usage_counters (
  day     date NOT NULL,
  counter text NOT NULL CHECK (counter ~ '^[a-z][a-z0-9_.:/-]*$'),
  count   bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (counter, day)
);

-- Down Migration

DROP TABLE usage_counters;
