import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createEventRoute, createTestDatabase, type EventRoute } from '@clos/devstack';
import type { DomainEvent } from '@clos/domain';
import { awsClientOptions, createBusFromConfig, createPool, domainEventFromEventBridgeMessage, EventBridgeBus, loadConfig, SqsConsumer } from '../src/index.js';
import { eventually, prOpened, requiredEnv } from './support/events.js';

/**
 * The AWS path end to end on the moto server: an EventBridge bus, a rule
 * matching CLOS sources with an SQS target, that queue redriving to a DLQ.
 */
describe('EventBridge → rule → SQS (+DLQ)', () => {
  const endpoint = requiredEnv('AWS_ENDPOINT_URL');
  const aws = awsClientOptions(endpoint, 'us-east-1');
  const eventbridge = new EventBridgeClient(aws);
  const sqs = new SQSClient(aws);
  const maxReceiveCount = 3;
  let route: EventRoute;
  let busName: string;
  let queueUrl: string;
  let dlqUrl: string;
  const consumers: SqsConsumer[] = [];

  beforeAll(async () => {
    route = await createEventRoute({ endpoint, maxReceiveCount });
    ({ busName, queueUrl, dlqUrl } = route);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await route?.remove();
    eventbridge.destroy();
    sqs.destroy();
  });

  function startConsumer(handler: (e: DomainEvent) => Promise<void>): void {
    // Zero backoff: a failed message is visible again at once, so the test sees every receive.
    const consumer = new SqsConsumer({ client: sqs, queueUrl, waitTimeSeconds: 1, backoff: { baseMs: 0, maxMs: 0 } });
    consumers.push(consumer);
    consumer.start(handler);
  }

  async function queueDepth(url: string): Promise<number> {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
  }

  it('delivers published events through the rule, in batches of at most 10, and deletes them once handled', async () => {
    const bus = new EventBridgeBus({ client: eventbridge, busName });
    const events = Array.from({ length: 12 }, (_, i) => prOpened(i + 1));
    await bus.publish(events);

    const received = new Map<string, DomainEvent>();
    startConsumer(async (e) => {
      received.set(e.id, e);
    });
    await eventually(() => received.size === events.length, 20_000, 'all 12 events from SQS');
    expect(received.get(events[4]!.id)).toEqual(events[4]);
    await eventually(async () => (await queueDepth(queueUrl)) === 0, 10_000, 'the queue to drain');
  });

  it('leaves a failing message for redelivery and the redrive policy moves it to the DLQ after N receives', async () => {
    const bus = new EventBridgeBus({ client: eventbridge, busName });
    const poison = prOpened(500);
    const good = prOpened(501);
    const receives: string[] = [];
    startConsumer(async (e) => {
      receives.push(e.id);
      if (e.id === poison.id) throw new Error('handler refuses');
    });
    await bus.publish([poison, good]);

    await eventually(() => receives.includes(good.id), 20_000, 'the good event');
    await eventually(
      async () => {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        return (Messages ?? []).some((m) => domainEventFromEventBridgeMessage(m.Body!).id === poison.id);
      },
      30_000,
      'the poison event in the DLQ',
    );
    expect(receives.filter((id) => id === poison.id)).toHaveLength(maxReceiveCount);
    expect(receives.filter((id) => id === good.id)).toHaveLength(1);
  });

  it('records every received event in the events table once, even published twice and failing once', async () => {
    const pool = createPool({ connectionString: await createTestDatabase(), max: 4 });
    try {
      const bus = new EventBridgeBus({ client: eventbridge, busName });
      const flaky = prOpened(700);
      const steady = prOpened(701);
      const handled: string[] = [];
      let failedOnce = false;
      const consumer = new SqsConsumer({ client: sqs, queueUrl, waitTimeSeconds: 1, backoff: { baseMs: 0, maxMs: 0 }, eventLog: pool });
      consumers.push(consumer);
      consumer.start(async (e) => {
        if (e.id === flaky.id && !failedOnce) {
          failedOnce = true;
          throw new Error('transient');
        }
        handled.push(e.id);
      });
      // A redelivered webhook publishes the same event ids again: two messages, one row.
      await bus.publish([flaky, steady]);
      await bus.publish([steady]);
      await eventually(() => handled.filter((id) => id === steady.id).length === 2 && handled.includes(flaky.id), 20_000, 'both events handled');
      await eventually(
        async () => (await pool.query(`SELECT 1 FROM events WHERE status = 'done'`)).rowCount === 2,
        10_000,
        'both rows done',
      );
      const { rows } = await pool.query<{ id: string; type: string; delivery_id: string; subject: unknown; attempts: number; last_error: string | null }>(
        'SELECT id, type, delivery_id, subject, attempts, last_error FROM events ORDER BY seq',
      );
      expect(rows.map((r) => r.id).sort()).toEqual([flaky.id, steady.id].sort());
      const flakyRow = rows.find((r) => r.id === flaky.id)!;
      expect(flakyRow).toMatchObject({ type: flaky.type, delivery_id: flaky.deliveryId, subject: flaky.subject, attempts: 2, last_error: null });
      expect(rows.find((r) => r.id === steady.id)!.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(consumers.splice(0).map((c) => c.stop()));
      await pool.end();
    }
  });

  it('keeps a message hidden while a slow handler runs past the visibility timeout, so no other consumer takes it', async () => {
    const bus = new EventBridgeBus({ client: eventbridge, busName });
    const slow = prOpened(800);
    const receipts: string[] = [];
    let finished = false;
    // A handler busy for well over twice the 3 s visibility (a vendor call being retried).
    const handler = async (e: DomainEvent): Promise<void> => {
      receipts.push(e.id);
      if (e.id !== slow.id) return;
      const until = Date.now() + 8_000;
      await eventually(() => Date.now() >= until, 10_000, 'the slow handler to finish its work');
      finished = true;
    };
    for (let i = 0; i < 2; i += 1) {
      const consumer = new SqsConsumer({ client: sqs, queueUrl, waitTimeSeconds: 1, visibilityTimeoutSeconds: 3, backoff: { baseMs: 0, maxMs: 0 } });
      consumers.push(consumer);
      consumer.start(handler);
    }
    await bus.publish([slow]);
    await eventually(() => finished, 20_000, 'the slow handler');
    await eventually(async () => (await queueDepth(queueUrl)) === 0, 10_000, 'the message deleted');
    expect(receipts.filter((id) => id === slow.id)).toHaveLength(1);
  });

  it('with retryForMs, keeps a young failing event off the DLQ well past maxReceiveCount, then handles it once', async () => {
    const bus = new EventBridgeBus({ client: eventbridge, busName });
    const stubborn = prOpened(850);
    let calls = 0;
    let handled = 0;
    const consumer = new SqsConsumer({
      client: sqs,
      queueUrl,
      waitTimeSeconds: 1,
      backoff: { baseMs: 0, maxMs: 0 },
      retryForMs: 60 * 60_000,
      maxReceiveCount,
    });
    consumers.push(consumer);
    consumer.start(async (e) => {
      if (e.id !== stubborn.id) return;
      calls += 1;
      // Failing three times maxReceiveCount: without the TTL this would have been in the DLQ after 3.
      if (calls <= 3 * maxReceiveCount) throw new Error('vendor unavailable');
      handled += 1;
    });
    await bus.publish([stubborn]);
    await eventually(() => handled === 1, 30_000, 'the event handled after its failures');
    await eventually(async () => (await queueDepth(queueUrl)) === 0, 10_000, 'the queue drained');
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect((Messages ?? []).map((m) => domainEventFromEventBridgeMessage(m.Body!).id)).not.toContain(stubborn.id);
    expect(calls).toBe(3 * maxReceiveCount + 1);
    expect(handled).toBe(1);
  });

  it('is what createBusFromConfig builds for EVENT_BUS=eventbridge', async () => {
    const config = loadConfig({
      env: {
        EVENT_BUS: 'eventbridge',
        EVENT_BUS_NAME: busName,
        EVENT_QUEUE_URL: queueUrl,
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: 'us-east-1',
      },
    });
    const runtime = createBusFromConfig(config);
    expect(runtime.kind).toBe('eventbridge');
    const event = prOpened(900);
    await runtime.bus.publish([event]);
    const consumer = runtime.createConsumer({ waitTimeSeconds: 1 });
    const seen: DomainEvent[] = [];
    consumer.start(async (e) => {
      seen.push(e);
    });
    try {
      await eventually(() => seen.some((e) => e.id === event.id), 20_000, 'the event through the configured bus');
    } finally {
      await consumer.stop();
    }
  });
});
