-- Up Migration

-- API tokens are stored as the SHA-256 (hex) of the token only; the plaintext
-- is shown once at creation and never reaches the database. Tokens are long
-- random strings, so a fast hash is the right tool (no password stretching).
CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- A short non-secret prefix of the token, shown in listings to tell tokens apart.
  token_prefix text,
  scopes       text[] NOT NULL DEFAULT '{}',
  -- Roles per pod, e.g. {"payments": "lead"}; "*" applies to every pod.
  pod_roles    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(pod_roles) = 'object'),
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_active_idx ON api_tokens (created_at DESC) WHERE revoked_at IS NULL;

-- Down Migration

DROP TABLE api_tokens;
