import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Env } from '../config/env-schema.js';
import { EnvConfigError } from '../config/env-config-error.js';
import { awsClientOptions } from '../aws-client-options.js';
import { EventBridgeBus } from './eventbridge-bus.js';
import { OutboxBus } from './outbox-bus.js';
import { OutboxConsumer, type OutboxConsumerOptions } from './outbox-consumer.js';
import type { EventBus, EventConsumer } from './ports.js';
import { SqsConsumer, type SqsConsumerOptions } from './sqs-consumer.js';

/** Tuning of the consumer {@link BusRuntime.createConsumer} builds; each adapter takes what applies to it. */
export type ConsumerTuning = Partial<
  Pick<OutboxConsumerOptions, 'concurrency' | 'maxAttempts' | 'retryForMs' | 'pollIntervalMs' | 'leaseMs' | 'backoff'> &
    Pick<SqsConsumerOptions, 'waitTimeSeconds' | 'maxMessages'>
>;

/**
 * How long a processor keeps retrying an event whose handler fails (a GitHub or Temporal
 * outage) before parking it as dead: a day, so an outage of hours loses nothing.
 */
export const EVENT_RETRY_FOR_MS = 24 * 60 * 60_000;

/** The bus a process publishes on and the way to consume from it. */
export interface BusRuntime {
  kind: Env['EVENT_BUS'];
  bus: EventBus;
  createConsumer(tuning?: ConsumerTuning): EventConsumer;
}

/** What {@link createBusFromConfig} needs besides the environment. */
export interface BusDependencies {
  /** The Postgres pool; required for EVENT_BUS=local, and where the SQS consumer records events otherwise. */
  pool?: pg.Pool;
  logger?: Logger;
}

/**
 * Builds the bus EVENT_BUS names: `local` publishes to the Postgres outbox and
 * consumes it; `eventbridge` publishes to EVENT_BUS_NAME and consumes
 * EVENT_QUEUE_URL, the SQS queue its rule targets. AWS_ENDPOINT_URL points
 * both at an emulator.
 */
export function createBusFromConfig(config: { env: Env }, deps: BusDependencies = {}): BusRuntime {
  const { env } = config;
  const logger = deps.logger;
  if (env.EVENT_BUS === 'local') {
    const pool = deps.pool;
    if (!pool) throw new EnvConfigError([{ variable: 'DATABASE_URL', message: 'is required when EVENT_BUS=local' }]);
    return {
      kind: 'local',
      bus: new OutboxBus({ db: pool }),
      createConsumer: (tuning = {}) => new OutboxConsumer({ retryForMs: EVENT_RETRY_FOR_MS, ...tuning, pool, logger }),
    };
  }

  const busName = env.EVENT_BUS_NAME;
  if (!busName) throw new EnvConfigError([{ variable: 'EVENT_BUS_NAME', message: 'is required when EVENT_BUS=eventbridge' }]);
  const aws = awsClientOptions(env.AWS_ENDPOINT_URL, env.AWS_REGION);
  return {
    kind: 'eventbridge',
    bus: new EventBridgeBus({ client: new EventBridgeClient(aws), busName, logger }),
    createConsumer: (tuning = {}) => {
      const queueUrl = env.EVENT_QUEUE_URL;
      if (!queueUrl) {
        throw new EnvConfigError([{ variable: 'EVENT_QUEUE_URL', message: 'is required to consume when EVENT_BUS=eventbridge' }]);
      }
      return new SqsConsumer({
        client: new SQSClient(aws),
        queueUrl,
        waitTimeSeconds: tuning.waitTimeSeconds,
        maxMessages: tuning.maxMessages,
        backoff: tuning.backoff,
        // The processor records what it receives in the event log the api's feeds read.
        eventLog: deps.pool,
        retryForMs: EVENT_RETRY_FOR_MS,
        logger,
      });
    },
  };
}
