import { SQSClient } from '@aws-sdk/client-sqs';
import { ClosError } from '@clos/domain';
import { awsClientOptions } from '../aws-client-options.js';
import type { Env } from '../config/env-schema.js';
import type { Queryable } from '../db/pool.js';
import { listDeadEvents, requeueDeadEventIds, type DeadEventSummary } from './dead-events.js';
import { describeDeadLetterQueues, redriveDeadLetterQueue, type DeadLetterQueueState } from './sqs-dead-letters.js';

/** What is dead, in the bus's own terms. */
export interface DeadLetterListing {
  /** `outbox`: dead rows of the events table; `sqs`: messages in the SQS dead-letter queues. */
  mode: 'outbox' | 'sqs';
  /** Dead outbox events, oldest first (empty in sqs mode: a DLQ cannot be read without taking its messages). */
  events: DeadEventSummary[];
  /** The dead-letter queues and their depth (empty in outbox mode). */
  queues: DeadLetterQueueState[];
}

/** What a requeue did. */
export interface DeadLetterRequeue {
  mode: 'outbox' | 'sqs';
  requeued: number;
  /** Outbox: the event ids put back in line. */
  ids: string[];
  /** Sqs: messages moved per dead-letter queue. */
  queues: { dlqUrl: string; sourceUrl: string; moved: number }[];
}

/** Dead events of one bus: list them, and bring them back once what killed them is fixed. */
export interface DeadLetters {
  readonly mode: 'outbox' | 'sqs';
  list(input: { limit: number; afterSeq?: string }): Promise<DeadLetterListing>;
  /** All of them, or (outbox only) the events with these ids. */
  requeue(input: { ids?: readonly string[] }): Promise<DeadLetterRequeue>;
}

/** The outbox's dead rows (EVENT_BUS=local). */
export function outboxDeadLetters(db: Queryable): DeadLetters {
  return {
    mode: 'outbox',
    list: async (input) => ({ mode: 'outbox', events: await listDeadEvents(db, input), queues: [] }),
    requeue: async (input) => {
      const ids = await requeueDeadEventIds(db, input.ids);
      return { mode: 'outbox', requeued: ids.length, ids, queues: [] };
    },
  };
}

/** The SQS dead-letter queues of the EventBridge topology (EVENT_BUS=eventbridge). */
export function sqsDeadLetters(client: Pick<SQSClient, 'send'>, dlqUrls: readonly string[]): DeadLetters {
  return {
    mode: 'sqs',
    list: async () => ({ mode: 'sqs', events: [], queues: await describeDeadLetterQueues(client, dlqUrls) }),
    requeue: async (input) => {
      if (input.ids !== undefined) {
        // A DLQ holds SQS messages, not rows: picking some means taking all of them first.
        throw new ClosError('InvalidInput', 'ids: requeueing chosen events needs EVENT_BUS=local; with eventbridge, requeue all (every message of the dead-letter queues)', {
          field: 'ids',
        });
      }
      const queues: DeadLetterRequeue['queues'] = [];
      for (const dlqUrl of dlqUrls) queues.push({ dlqUrl, ...(await redriveDeadLetterQueue(client, dlqUrl)) });
      return { mode: 'sqs', requeued: queues.reduce((n, q) => n + q.moved, 0), ids: [], queues };
    },
  };
}

/**
 * The dead letters of the bus EVENT_BUS names: the outbox's dead rows, or the SQS DLQs listed
 * in EVENT_DLQ_URLS (none listed: nothing to list or redrive).
 */
export function createDeadLettersFromConfig(config: { env: Env }, deps: { pool: Queryable }): DeadLetters {
  const { env } = config;
  if (env.EVENT_BUS === 'local') return outboxDeadLetters(deps.pool);
  return sqsDeadLetters(new SQSClient(awsClientOptions(env.AWS_ENDPOINT_URL, env.AWS_REGION)), env.EVENT_DLQ_URLS ?? []);
}
