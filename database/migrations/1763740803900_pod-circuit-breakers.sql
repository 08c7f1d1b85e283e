-- Up Migration

-- Where each pod's circuit breaker stands (docs/health-score.md): written by the health scan
-- after each scan. While tripped, the pod workflow runs with `cap` instead of the declared
-- limit (pods.wip_limit, which the breaker never changes). `last_scan_at` is the scan that
-- last decided, so a retried scan decides nothing twice.
CREATE TABLE pod_circuit_breakers (
  pod_id       text PRIMARY KEY REFERENCES pods (id) ON DELETE CASCADE,
  tripped      boolean NOT NULL DEFAULT false,
  cap          integer NOT NULL DEFAULT 1 CHECK (cap >= 1),
  tripped_at   timestamptz,
  recovered_at timestamptz,
  reason       text,
  last_scan_at timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER pod_circuit_breakers_updated_at BEFORE UPDATE ON pod_circuit_breakers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Down Migration

DROP TABLE pod_circuit_breakers;
