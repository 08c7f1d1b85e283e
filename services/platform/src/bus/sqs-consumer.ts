import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { parseDomainEvent, type DomainEvent } from '@clos/domain';
import type { Logger } from 'pino';
import type { Queryable } from '../db/pool.js';
import { recordEventFailed, recordEventHandled, recordEventReceived } from './event-log.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { EventConsumer, EventHandler } from './ports.js';

/** Options of {@link SqsConsumer}. */
export interface SqsConsumerOptions {
  client: SQSClient;
  /** EVENT_QUEUE_URL: the queue an EventBridge rule targets. */
  queueUrl: string;
  /** Long-poll wait per receive, 0–20 s (default 20). */
  waitTimeSeconds?: number;
  /** Messages per receive, 1–10 (default 10); they are handled concurrently. */
  maxMessages?: number;
  /**
   * Delay before a failed message becomes visible again, by receive count.
   * The queue's redrive policy moves it to the DLQ after maxReceiveCount.
   * Default 1 s doubling to 5 min.
   */
  backoff?: BackoffOptions;
  /**
   * The database holding the `events` table: each received event is recorded there once
   * (by id) before its handler runs and marked done after, so the event log is complete
   * in AWS mode as it is with the outbox. Without it nothing is recorded.
   */
  eventLog?: Queryable | undefined;
  /**
   * How long a received message stays hidden, in seconds (default 30). While its handler
   * runs the consumer keeps extending it by this much every third of it, so a slow handler
   * (a GitHub call being retried) never lets the message reappear to another processor.
   */
  visibilityTimeoutSeconds?: number;
  /**
   * The event's time to live from when it was received, in ms. When given, a message whose
   * handler keeps failing is put back on the queue as a fresh copy just before the redrive
   * policy would park it (at receive `maxReceiveCount` − 1), for as long as the event is
   * younger than this; only then does it reach the DLQ.
   */
  retryForMs?: number;
  /** The queue's redrive maxReceiveCount (default 5, what the CDK stack sets). */
  maxReceiveCount?: number;
  logger?: Logger;
}

/** How long a received event's row counts as being worked on (the outbox lease's role). */
const EVENT_LOG_LEASE_MS = 5 * 60_000;

/** The parts of an EventBridge event as an SQS target receives it. */
interface EventBridgeEnvelope {
  'detail-type'?: unknown;
  source?: unknown;
  detail?: unknown;
}

/**
 * Turns an SQS message body written by an EventBridge rule back into the
 * domain event it carried in `detail`. Throws when it is not one.
 */
export function domainEventFromEventBridgeMessage(body: string): DomainEvent {
  let envelope: EventBridgeEnvelope;
  try {
    envelope = JSON.parse(body) as EventBridgeEnvelope;
  } catch {
    throw new Error('SQS message body is not JSON');
  }
  if (!envelope || typeof envelope !== 'object' || !('detail' in envelope)) {
    throw new Error('SQS message body is not an EventBridge event (no "detail")');
  }
  return parseDomainEvent(envelope.detail);
}

/**
 * Consumes the SQS queue fed by the EventBridge rule. A message is deleted
 * only after its handler succeeds; on failure it is left on the queue with a
 * visibility delay growing with its receive count, and the queue's redrive
 * policy parks it in the DLQ after maxReceiveCount receives. A message that
 * does not parse is left alone too, so it ends in the DLQ for inspection
 * rather than vanishing.
 */
export class SqsConsumer implements EventConsumer {
  private readonly client: SQSClient;
  private readonly queueUrl: string;
  private readonly waitTimeSeconds: number;
  private readonly maxMessages: number;
  private readonly backoff: BackoffOptions;
  private readonly logger: Logger | undefined;
  private readonly eventLog: Queryable | undefined;
  private readonly visibilityTimeoutSeconds: number;
  private readonly retryForMs: number | undefined;
  private readonly maxReceiveCount: number;
  private readonly stopSignal = new AbortController();
  private handler: EventHandler | undefined;
  private loopDone: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: SqsConsumerOptions) {
    this.client = options.client;
    this.queueUrl = options.queueUrl;
    this.waitTimeSeconds = Math.min(20, Math.max(0, options.waitTimeSeconds ?? 20));
    this.maxMessages = Math.min(10, Math.max(1, options.maxMessages ?? 10));
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 300_000 };
    this.logger = options.logger;
    this.eventLog = options.eventLog;
    this.retryForMs = options.retryForMs;
    this.maxReceiveCount = Math.max(2, options.maxReceiveCount ?? 5);
    this.visibilityTimeoutSeconds = Math.min(43_200, Math.max(3, Math.round(options.visibilityTimeoutSeconds ?? 30)));
  }

  start(handler: EventHandler): void {
    if (this.handler) throw new Error('SqsConsumer.start: already started');
    this.handler = handler;
    this.loopDone = this.loop();
  }

  /**
   * Finishes the receive in progress (at most `waitTimeSeconds`) and the
   * handlers of what it brought, then stops. The long poll is not aborted:
   * SQS would still hand out messages to the abandoned request, hiding them
   * from every consumer until their visibility timeout ran out.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopSignal.abort();
      await this.loopDone;
    })();
    return this.stopping;
  }

  private async loop(): Promise<void> {
    const signal = this.stopSignal.signal;
    while (!signal.aborted) {
      let messages: Message[];
      try {
        const output = await this.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl,
            MaxNumberOfMessages: this.maxMessages,
            WaitTimeSeconds: this.waitTimeSeconds,
            VisibilityTimeout: this.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        );
        messages = output.Messages ?? [];
      } catch (error) {
        this.logger?.error({ err: error }, 'sqs: receive failed');
        await sleep(1_000, signal);
        continue;
      }
      // Messages already received are finished even when stop() is called meanwhile.
      await Promise.all(messages.map((m) => this.process(m)));
    }
  }

  private async process(message: Message): Promise<void> {
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    let event: DomainEvent;
    try {
      event = domainEventFromEventBridgeMessage(message.Body ?? '');
    } catch (error) {
      this.logger?.error({ err: error, messageId: message.MessageId, receiveCount }, 'sqs: message is not a CLOS event');
      await this.delay(message, receiveCount);
      return;
    }
    const log = this.logger?.child({ eventId: event.id, eventType: event.type, correlationId: event.correlationId });
    const heartbeat = this.keepHidden(message);
    try {
      if (this.eventLog) await recordEventReceived(this.eventLog, event, EVENT_LOG_LEASE_MS);
      await this.handler!(event);
    } catch (error) {
      heartbeat.stop();
      log?.warn({ err: error, receiveCount }, 'sqs: handler failed, leaving the message for redelivery');
      if (this.eventLog) await recordEventFailed(this.eventLog, event.id, error).catch(() => undefined);
      if (await this.requeueYoung(message, event, receiveCount)) return;
      await this.delay(message, receiveCount);
      return;
    }
    heartbeat.stop();
    if (this.eventLog) {
      // A failure here leaves the row 'processing'; the handler's effect stands and is not redone.
      await recordEventHandled(this.eventLog, event.id).catch((error: unknown) => log?.warn({ err: error }, 'sqs: recording the event done failed'));
    }
    try {
      await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle }));
    } catch (error) {
      // It will be delivered again; handlers are idempotent.
      log?.warn({ err: error }, 'sqs: deleting a handled message failed');
    }
  }

  /**
   * Puts a failing message of a still-young event back as a fresh copy (receive count 1,
   * delayed by the backoff, at most SQS's 15 minutes) and deletes the original, when the
   * next failure would send it to the DLQ. True when it did.
   */
  private async requeueYoung(message: Message, event: DomainEvent, receiveCount: number): Promise<boolean> {
    if (this.retryForMs === undefined || receiveCount < this.maxReceiveCount - 1) return false;
    if (Date.now() >= Date.parse(event.receivedAt) + this.retryForMs) return false;
    const delaySeconds = Math.min(900, Math.ceil(backoffDelay(receiveCount, this.backoff) / 1000));
    try {
      await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: message.Body ?? '', DelaySeconds: delaySeconds }));
    } catch (error) {
      this.logger?.warn({ err: error, eventId: event.id }, 'sqs: putting a failing event back failed');
      return false;
    }
    // If this delete fails the original comes back too: two copies, which idempotent handlers allow.
    await this.client
      .send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle }))
      .catch((error: unknown) => this.logger?.warn({ err: error, eventId: event.id }, 'sqs: deleting a requeued message failed'));
    this.logger?.warn({ eventId: event.id, receiveCount, delaySeconds }, 'sqs: event still failing within its TTL, put back on the queue');
    return true;
  }

  /**
   * The visibility heartbeat: extends the message's visibility every third of the timeout
   * until stopped. A failed extension is logged and retried at the next beat.
   */
  private keepHidden(message: Message): { stop(): void } {
    const timer = setInterval(() => {
      this.client
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: this.queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: this.visibilityTimeoutSeconds,
          }),
        )
        .catch((error: unknown) => this.logger?.warn({ err: error, messageId: message.MessageId }, 'sqs: extending visibility failed'));
    }, (this.visibilityTimeoutSeconds * 1000) / 3);
    return { stop: () => clearInterval(timer) };
  }

  /** Makes a failed message visible again after the backoff for its receive count. */
  private async delay(message: Message, receiveCount: number): Promise<void> {
    const seconds = Math.min(43_200, Math.ceil(backoffDelay(receiveCount, this.backoff) / 1000));
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      // The queue's own visibility timeout applies instead.
      this.logger?.warn({ err: error, messageId: message.MessageId }, 'sqs: changing visibility failed');
    }
  }
}
