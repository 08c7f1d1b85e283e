-- Up Migration

-- Every webhook delivery writes its events with one statement on the hottest table, and
-- each index is one more B-tree insert in it. The log is read by id, by seq, by time and
-- by pod, project, work item and type; no query reads it by delivery or correlation id.
-- A delivery's events are found by their ids, which are derived from the delivery id
-- (delivery-event-ids.ts), so these two indexes only cost every insert.
DROP INDEX IF EXISTS events_delivery_idx;
DROP INDEX IF EXISTS events_correlation_idx;

-- Down Migration

CREATE INDEX events_correlation_idx ON events (correlation_id);
CREATE INDEX events_delivery_idx ON events (delivery_id);
