-- Up Migration

-- The hourly pod health scan's history: one row per pod and scan, with the
-- score, each metric's part in it and the metrics past their threshold
-- (docs/health-score.md). The scan's time is chosen by the scanner (the
-- scheduled hour), so a retried scan writes its row once.
CREATE TABLE pod_health_snapshots (
  pod_id     text NOT NULL,
  at         timestamptz NOT NULL,
  score      smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  -- [{metric, value, score, weight, failing, detail}], as computePodHealth returns them.
  components jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(components) = 'array'),
  failing    text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pod_id, at)
);
-- Latest first per pod: the current score, the trend and the history pages.
CREATE INDEX pod_health_snapshots_latest_idx ON pod_health_snapshots (pod_id, at DESC);

-- Down Migration

DROP TABLE pod_health_snapshots;
