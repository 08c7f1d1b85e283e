-- Up Migration

-- Request counters shared by every api replica: one row per rate-limit bucket and
-- caller, counting hits in the window that began at the caller's first hit (a
-- fixed window per caller, so the windows of all callers do not reset at once).
-- UNLOGGED: the counters are worth nothing after a crash (a restart forgives at
-- most one window) and skipping the WAL keeps the upsert each request costs cheap.
CREATE UNLOGGED TABLE rate_limit_counters (
  bucket       text NOT NULL CHECK (length(bucket) BETWEEN 1 AND 64),
  caller       text NOT NULL CHECK (length(caller) BETWEEN 1 AND 200),
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL DEFAULT 1,
  PRIMARY KEY (bucket, caller)
);
CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_start);

-- Down Migration

DROP TABLE rate_limit_counters;
