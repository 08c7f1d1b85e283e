import { isIP } from 'node:net';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port');
const secret = z.string().min(1);
/** A 256-bit key, base64. */
const base64Key = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)');
const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"');
/** `10.0.0.0/24,10.0.1.0/24`: IPv4/IPv6 addresses or CIDR ranges, parsed to a list. */
const cidrList = z
  .string()
  .transform((v) => v.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .refine((parts) => parts.every(isCidr), 'must be comma-separated IP addresses or CIDR ranges such as 10.0.0.0/16');

function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** pino's level names, plus "silent". */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What kind of stage a deployment is: a production stage fails closed on missing vendor secrets. */
export const STAGE_KINDS = ['development', 'production'] as const;

/** The event bus adapters {@link createBusFromConfig} can build. */
export const EVENT_BUS_KINDS = ['local', 'eventbridge'] as const;

/**
 * Every environment variable CLOS reads, in one place. Each service picks
 * the ones it needs; unset optional values stay undefined and empty strings
 * count as unset.
 */
export const envSchema = z
  .object({
    // Stores and Temporal
    DATABASE_URL: postgresUrl.optional(),
    // The owner of the schema, for migrations only; the services connect as DATABASE_URL's
    // role, which may not alter tables or change the audit log (docs/adr: least privilege).
    DATABASE_MIGRATION_URL: postgresUrl.optional(),
    TEMPORAL_ADDRESS: hostPort.optional(),
    TEMPORAL_NAMESPACE: name.default('default'),
    TEMPORAL_TASK_QUEUE: name.default('clos'),
    // Temporal Cloud mTLS: the client certificate and its key, PEM; both or neither.
    TEMPORAL_TLS_CERT: z.string().regex(/-----BEGIN CERTIFICATE-----/, 'must be a PEM certificate').optional(),
    TEMPORAL_TLS_KEY: z.string().regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'must be a PEM private key').optional(),
    DYNAMODB_ENDPOINT: httpUrl.optional(),
    DYNAMODB_TABLE_PREFIX: name.default('clos'),

    // This deployment
    CLOS_CONFIG: z.string().min(1).optional(),
    CLOS_DATA_DIR: z.string().min(1).default('.clos'),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(8080),
    PUBLIC_URL: httpUrl.optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    // A production stage refuses to start without its vendor secrets unless CLOS_DRY_RUN=true.
    CLOS_STAGE_KIND: z.enum(STAGE_KINDS, { error: `must be one of ${STAGE_KINDS.join(', ')}` }).default('development'),
    CLOS_DRY_RUN: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((value) => value === 'true')
      .optional(),
    // The audit chain's HMAC key (at least 32 characters) and where its head is checkpointed:
    // an S3 bucket (object lock) when set, else a file under CLOS_DATA_DIR.
    AUDIT_CHAIN_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    AUDIT_CHECKPOINT_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
    // Load balancers whose X-Forwarded-For the api believes (comma-separated CIDRs); none: the peer is the client.
    TRUSTED_PROXIES: cidrList.optional(),
    // Bearer token Prometheus sends to scrape GET /metrics; unset: only a loopback peer may scrape.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

    // GitHub
    GITHUB_API_URL: httpUrl.default('https://api.github.com'),
    GITHUB_TOKEN: secret.optional(),
    GITHUB_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric GitHub App id').optional(),
    // PEM; a key given on one line with literal "\n" (common in .env files and
    // secret stores) is turned back into a multi-line key.
    GITHUB_PRIVATE_KEY: z
      .string()
      .transform((key) => key.replace(/\\n/g, '\n'))
      .refine((key) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key), 'must be a PEM private key')
      .optional(),
    GITHUB_WEBHOOK_SECRET: secret.optional(),
    // Rotation: further secrets accepted at the same time, comma-separated (the old one
    // until every hook sends the new one). A list of its own, so a comma inside
    // GITHUB_WEBHOOK_SECRET stays part of that secret.
    GITHUB_WEBHOOK_SECRETS: z
      .string()
      .transform((v) => v.split(',').map((part) => part.trim()).filter((part) => part !== ''))
      .optional(),
    // "Sign in with GitHub" (an OAuth App); both or neither. GITHUB_WEB_URL is where people
    // sign in: github.com, or a GitHub Enterprise host.
    GITHUB_OAUTH_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be the OAuth App client id').optional(),
    GITHUB_OAUTH_CLIENT_SECRET: secret.optional(),
    GITHUB_WEB_URL: httpUrl.default('https://github.com'),

    // Linear
    LINEAR_API_URL: httpUrl.optional(),
    LINEAR_API_KEY: secret.optional(),
    LINEAR_WEBHOOK_SECRET: secret.optional(),

    // Slack
    SLACK_SIGNING_SECRET: secret.optional(),
    SLACK_BOT_TOKEN: secret.optional(),
    SLACK_API_URL: httpUrl.default('https://slack.com/api/'),

    // Event bus and AWS
    EVENT_BUS: z.enum(EVENT_BUS_KINDS, { error: `must be one of ${EVENT_BUS_KINDS.join(', ')}` }).default('local'),
    EVENT_BUS_NAME: name.optional(),
    EVENT_QUEUE_URL: httpUrl.optional(),
    // The SQS dead-letter queues `clos events requeue` redrives (comma-separated URLs; eventbridge only).
    EVENT_DLQ_URLS: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
      .pipe(z.array(httpUrl).min(1, 'must list at least one queue URL'))
      .optional(),
    AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1').optional(),
    AWS_ENDPOINT_URL: httpUrl.optional(),

    // Leadership records: free text is encrypted at rest with this key (AES-256-GCM, 32 bytes
    // base64); CLOS_DATA_KEY_ID names it in every ciphertext, and CLOS_DATA_KEYS_PREVIOUS
    // ("id:base64,…") still decrypts rows written under keys being rotated out (ADR 0016).
    CLOS_DATA_KEY: base64Key.optional(),
    CLOS_DATA_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, "_" or "-"').default('k1'),
    CLOS_DATA_KEYS_PREVIOUS: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+)*$/, 'must be "id:base64key" pairs separated by commas')
      .optional(),

    // The clos command: the api it calls, its token (else the one "clos login" stored), and
    // the key its backups are encrypted with (32 bytes base64).
    CLOS_API_URL: httpUrl.optional(),
    CLOS_TOKEN: secret.optional(),
    CLOS_BACKUP_KEY: base64Key.optional(),

    // Language model writing digests: none (or unset, or a missing key) means the template writes them.
    LLM_PROVIDER: z.enum(['anthropic', 'openai', 'none'], { error: 'must be one of anthropic, openai, none' }).default('none'),
    ANTHROPIC_API_KEY: secret.optional(),
    ANTHROPIC_BASE_URL: httpUrl.optional(),
    OPENAI_API_KEY: secret.optional(),
    OPENAI_BASE_URL: httpUrl.optional(),
    LLM_MODEL: z.string().min(1).optional(),
    // Time budget of one model call, ms; past it the template writes the digest.
    LLM_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number').min(100, 'must be at least 100').max(120_000, 'must be at most 120000').default(20_000),
    // Model spending cap per organisation and calendar month (UTC), USD; reached: the template writes.
    LLM_MONTHLY_BUDGET_USD: z.coerce.number({ error: 'must be a number of US dollars' }).min(0, 'must not be negative').default(20),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_BUS === 'eventbridge' && !env.EVENT_BUS_NAME) {
      ctx.addIssue({ code: 'custom', path: ['EVENT_BUS_NAME'], message: 'is required when EVENT_BUS=eventbridge' });
    }
    if (env.GITHUB_APP_ID && !env.GITHUB_PRIVATE_KEY) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_PRIVATE_KEY'], message: 'is required when GITHUB_APP_ID is set' });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      const missing = env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other of TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY is set' });
    }
    if (env.GITHUB_OAUTH_CLIENT_ID && !env.GITHUB_OAUTH_CLIENT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_OAUTH_CLIENT_SECRET'], message: 'is required when GITHUB_OAUTH_CLIENT_ID is set' });
    }
    if (env.GITHUB_OAUTH_CLIENT_SECRET && !env.GITHUB_OAUTH_CLIENT_ID) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_OAUTH_CLIENT_ID'], message: 'is required when GITHUB_OAUTH_CLIENT_SECRET is set' });
    }
    if (env.GITHUB_PRIVATE_KEY && !env.GITHUB_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_APP_ID'], message: 'is required when GITHUB_PRIVATE_KEY is set' });
    }
  });

/** The validated environment. */
export type Env = z.output<typeof envSchema>;

/** The name of an environment variable CLOS reads. */
export type EnvName = keyof Env;

/** Every variable name, in declaration order (for docs and `.env` templates). */
export const ENV_NAMES = Object.keys(envSchema.shape) as EnvName[];

/** Connection options for Temporal from the environment: the address, and mTLS when a client certificate is given (Temporal Cloud). */
export function temporalConnectionOptions(env: Pick<Env, 'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY'>): {
  address?: string;
  tls?: { clientCertPair: { crt: Buffer; key: Buffer } };
} {
  return {
    ...(env.TEMPORAL_ADDRESS !== undefined ? { address: env.TEMPORAL_ADDRESS } : {}),
    ...(env.TEMPORAL_TLS_CERT !== undefined && env.TEMPORAL_TLS_KEY !== undefined
      ? { tls: { clientCertPair: { crt: Buffer.from(env.TEMPORAL_TLS_CERT, 'utf8'), key: Buffer.from(env.TEMPORAL_TLS_KEY, 'utf8') } } }
      : {}),
  };
}
