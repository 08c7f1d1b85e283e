-- Up Migration

-- Webhook deliveries and signed bodies already accepted, when the bus is the Postgres outbox
-- (ADR 0027): claimed in the same statement that writes the delivery's events, so a
-- delivery is acknowledged only with its events in the log and never twice. Keys are
-- `webhook:<vendor>:<delivery id>` (holder: the request that claimed it) and
-- `webhook:<vendor>:body:<sha256>` (holder: the delivery id that brought the body). A claim
-- past `expires_at` is free again; old ones are pruned by the api.
CREATE TABLE delivery_claims (
  key        text PRIMARY KEY,
  holder     text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX delivery_claims_expires_idx ON delivery_claims (expires_at);

-- Down Migration

DROP TABLE delivery_claims;
