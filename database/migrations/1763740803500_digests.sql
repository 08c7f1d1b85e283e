-- Up Migration

-- Digests sent to people: at most one per person, kind and local day. A run
-- claims its row first (the unique key makes a replayed schedule, a retried
-- activity or a second on-demand run find it), stores what the writer wrote,
-- then marks it sent once Slack accepted the DM. A claim left unsent for ten
-- minutes (its run was terminated) may be taken over by a later run. `writer` says who wrote it
-- (a model or the template) and the token counts and cost are kept per digest,
-- which is also what the monthly model budget of the organisation sums.
CREATE TABLE digests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          text NOT NULL,
  person_id       text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('morning', 'midday', 'evening', 'weekly')),
  local_day       date NOT NULL,
  timezone        text NOT NULL,
  trigger         text NOT NULL CHECK (trigger IN ('schedule', 'on-demand')),
  -- The run (workflow id) holding the claim: its retries continue, other runs stop.
  claimed_by      text NOT NULL,
  status          text NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'written', 'sent', 'failed', 'skipped')),
  writer          text CHECK (writer IS NULL OR writer IN ('anthropic', 'openai', 'template')),
  model           text,
  fallback_reason text,
  input_tokens    integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens   integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  cost_usd        numeric(12, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  -- The written digest (headline, sections with cited fact ids) and the facts it rests on.
  content         jsonb,
  facts           jsonb,
  slack_channel   text,
  slack_ts        text,
  error           text,
  claimed_at      timestamptz NOT NULL DEFAULT now(),
  written_at      timestamptz,
  sent_at         timestamptz,
  failed_at       timestamptz,
  alerted_at      timestamptz,
  UNIQUE (person_id, kind, local_day),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX digests_org_month_idx ON digests (org_id, claimed_at);
CREATE INDEX digests_person_idx ON digests (person_id, local_day DESC);

-- Down Migration

DROP TABLE digests;
