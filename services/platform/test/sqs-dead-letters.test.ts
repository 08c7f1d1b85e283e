import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ClosError } from '@clos/domain';
import { awsClientOptions, createDeadLettersFromConfig, loadConfig, sqsDeadLetters } from '../src/index.js';
import { requiredEnv } from './support/events.js';

/**
 * Dead letters of the EventBridge topology on the moto server: a work queue whose redrive
 * policy parks poison messages in a DLQ, and the requeue that moves them back.
 */
describe('SQS dead letters', () => {
  const endpoint = requiredEnv('AWS_ENDPOINT_URL');
  const sqs = new SQSClient(awsClientOptions(endpoint, 'us-east-1'));
  const suffix = randomBytes(4).toString('hex');
  let queueUrl: string;
  let dlqUrl: string;
  let orphanUrl: string;

  beforeAll(async () => {
    dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `clos-dead-dlq-${suffix}` }))).QueueUrl!;
    orphanUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `clos-dead-orphan-${suffix}` }))).QueueUrl!;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `clos-dead-work-${suffix}`,
          Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn!, maxReceiveCount: 1 }) },
        }),
      )
    ).QueueUrl!;
  });

  afterAll(async () => {
    for (const url of [queueUrl, dlqUrl, orphanUrl]) await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
    sqs.destroy();
  });

  async function drain(url: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      if (Messages.length === 0) return bodies;
      bodies.push(...Messages.map((m) => m.Body!));
    }
  }

  it('lists each DLQ with the queue it drains, and moves every message back there', async () => {
    const bodies = Array.from({ length: 13 }, (_, i) => JSON.stringify({ detail: { id: `event-${i}` } }));
    for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));
    const dead = sqsDeadLetters(sqs, [dlqUrl]);

    const listing = await dead.list({ limit: 50 });
    expect(listing).toEqual({ mode: 'sqs', events: [], queues: [{ dlqUrl, sourceUrl: queueUrl, approximateMessages: 13 }] });

    const result = await dead.requeue({});
    expect(result).toEqual({ mode: 'sqs', requeued: 13, ids: [], queues: [{ dlqUrl, sourceUrl: queueUrl, moved: 13 }] });
    expect((await drain(queueUrl)).sort()).toEqual([...bodies].sort());
    expect(await drain(dlqUrl)).toEqual([]);
    expect((await dead.requeue({})).requeued).toBe(0);
  });

  it('refuses what it cannot do rather than guess', async () => {
    await expect(sqsDeadLetters(sqs, [dlqUrl]).requeue({ ids: ['5b0b3c34-8f0e-4c59-9a43-2f3cc1d9f0a1'] })).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('needs EVENT_BUS=local'),
    });
    const orphan = sqsDeadLetters(sqs, [orphanUrl]).requeue({});
    await expect(orphan).rejects.toBeInstanceOf(ClosError);
    await expect(orphan).rejects.toMatchObject({ code: 'Conflict', message: `${orphanUrl} is no queue's dead-letter queue: nothing to redrive it into` });
  });

  it('follows EVENT_BUS and EVENT_DLQ_URLS', () => {
    const env = { DATABASE_URL: 'postgres://x@localhost/x', EVENT_BUS: 'eventbridge', EVENT_BUS_NAME: 'clos', AWS_ENDPOINT_URL: endpoint, EVENT_DLQ_URLS: `${dlqUrl}, ${orphanUrl}` };
    const config = loadConfig({ env });
    expect(config.env.EVENT_DLQ_URLS).toEqual([dlqUrl, orphanUrl]);
    expect(createDeadLettersFromConfig(config, { pool: { query: () => Promise.reject(new Error('unused')) } as never }).mode).toBe('sqs');
    expect(() => loadConfig({ env: { ...env, EVENT_DLQ_URLS: 'ftp://nope' } })).toThrow(/EVENT_DLQ_URLS/);
  });
});
