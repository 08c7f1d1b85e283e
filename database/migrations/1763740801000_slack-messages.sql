-- Up Migration

-- Messages the Slack bot sent or is sending. `key` is the sender's idempotency
-- key: a notification retried by an activity or a Slack retry finds its row
-- and is not posted twice. A row without `ts` is a send in progress; one that
-- stays so past a few minutes was interrupted and may be claimed again.
-- Rows with a thread key and no `thread_ts` are thread roots: later messages
-- with the same key are posted as replies to the newest root.
CREATE TABLE slack_messages (
  key        text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 500),
  channel    text NOT NULL,
  thread_key text,
  kind       text,
  ts         text,
  thread_ts  text,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz,
  CHECK ((ts IS NULL) = (sent_at IS NULL))
);
CREATE INDEX slack_messages_thread_root_idx ON slack_messages (channel, thread_key, sent_at DESC)
  WHERE thread_key IS NOT NULL AND ts IS NOT NULL AND thread_ts IS NULL;

-- Down Migration

DROP TABLE slack_messages;
