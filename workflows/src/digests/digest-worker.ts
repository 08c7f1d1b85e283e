import { createDigestWriter, type DigestWriter, type LlmCallRecord } from '@clos/ai';
import type { ClosConfig } from '@clos/domain';
import type { Env } from '@clos/platform';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createDigestActivities } from '../activities/digest-activities.js';
import type { DigestActivities } from '../activities/digest-types.js';
import type { ActivityLogger } from '../activities/ports.js';
import { ensureDigestSchedules } from '../client/digest-schedules.js';
import { createPgDigestStore } from './digest-store.js';
import type { SendInput, SendOutcome } from '@clos/slack';

/** The LLM settings of the environment the digest writer reads. */
export type DigestEnv = Pick<
  Env,
  'LLM_PROVIDER' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS' | 'LLM_MONTHLY_BUDGET_USD'
>;

/** Options of {@link createDigestActivitiesFromEnv}. */
export interface DigestWorkerOptions {
  env: DigestEnv;
  pool: Pool;
  config: () => ClosConfig | undefined;
  messenger: { send(input: SendInput): Promise<SendOutcome> };
  publicUrl: string;
  logger: ActivityLogger;
  /** Every model call (metrics); the worker logs them. */
  onCall?: (record: LlmCallRecord) => void;
}

/**
 * The digest activities as the worker runs them: the writer the environment chooses, one
 * per organisation with that organisation's monthly budget summed from the digests record.
 */
export function createDigestActivitiesFromEnv(options: DigestWorkerOptions): DigestActivities {
  const store = createPgDigestStore(options.pool);
  const writers = new Map<string, DigestWriter>();
  const { env } = options;
  const writerFor = (orgId: string): DigestWriter => {
    let writer = writers.get(orgId);
    if (writer === undefined) {
      writer = createDigestWriter({
        provider: env.LLM_PROVIDER,
        ...(env.ANTHROPIC_API_KEY !== undefined ? { anthropicApiKey: env.ANTHROPIC_API_KEY } : {}),
        ...(env.ANTHROPIC_BASE_URL !== undefined ? { anthropicBaseUrl: env.ANTHROPIC_BASE_URL } : {}),
        ...(env.OPENAI_API_KEY !== undefined ? { openaiApiKey: env.OPENAI_API_KEY } : {}),
        ...(env.OPENAI_BASE_URL !== undefined ? { openaiBaseUrl: env.OPENAI_BASE_URL } : {}),
        ...(env.LLM_MODEL !== undefined ? { model: env.LLM_MODEL } : {}),
        timeoutMs: env.LLM_TIMEOUT_MS,
        budget: { monthlyUsd: env.LLM_MONTHLY_BUDGET_USD, spentThisMonthUsd: () => store.spentInMonth(orgId, new Date()) },
        onCall: (call) => {
          options.logger.info({ orgId, ...call }, 'llm call');
          options.onCall?.(call);
        },
      });
      writers.set(orgId, writer);
    }
    return writer;
  };
  return createDigestActivities({ config: options.config, db: options.pool, store, writerFor, messenger: options.messenger, publicUrl: options.publicUrl, logger: options.logger });
}

/** The policy a process follows: the current clos.yml and its changes. */
export interface FollowedPolicy {
  current(): ClosConfig | undefined;
  onChange?(listener: (config: ClosConfig) => void): () => void;
}

/**
 * Ensures the digest schedules now and again after every policy change, so a member added,
 * a time zone moved or a digest turned off takes effect without a restart. People left out
 * (no Slack id) are logged by id.
 */
export async function followDigestSchedules(client: Client, policy: FollowedPolicy, taskQueue: string, logger: ActivityLogger): Promise<() => void> {
  let queue = Promise.resolve();
  const ensure = (cfg: ClosConfig): Promise<void> =>
    (queue = queue
      .then(async () => {
        const outcome = await ensureDigestSchedules(client, cfg, { taskQueue });
        logger.info({ schedules: outcome.scheduled.length, skipped: outcome.skipped }, 'digest schedules ensured');
      })
      .catch((error: unknown) => logger.warn({ error: String(error) }, 'digest schedules could not be ensured')));
  const current = policy.current();
  if (current !== undefined) await ensure(current);
  return policy.onChange?.((cfg) => void ensure(cfg)) ?? (() => undefined);
}
