import { randomBytes } from 'node:crypto';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

/** Options of {@link createEventRoute}. */
export interface CreateEventRouteOptions {
  /** The emulator (moto), for AWS_ENDPOINT_URL. */
  endpoint: string;
  region?: string;
  /** Receives before the queue's redrive policy moves a message to the DLQ (default 5, as the CDK stack sets). */
  maxReceiveCount?: number;
  /** The queue's default visibility timeout, seconds (default 30). */
  visibilityTimeoutSeconds?: number;
}

/** An EventBridge bus whose rule feeds an SQS queue, as the messaging stack wires them. */
export interface EventRoute {
  /** EVENT_BUS_NAME. */
  busName: string;
  /** EVENT_QUEUE_URL. */
  queueUrl: string;
  dlqUrl: string;
  /** Deletes the bus, rule and queues. */
  remove(): Promise<void>;
}

const TARGET_ID = 'events-queue';

/**
 * Creates, on an AWS emulator, what `EVENT_BUS=eventbridge` needs: a bus with random name, a
 * rule matching every CLOS source (`clos.*`) targeting an SQS queue, and that queue's DLQ
 * behind a redrive policy.
 */
export async function createEventRoute(options: CreateEventRouteOptions): Promise<EventRoute> {
  const aws = { endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const eventbridge = new EventBridgeClient(aws);
  const sqs = new SQSClient(aws);
  const suffix = randomBytes(4).toString('hex');
  const busName = `clos-${suffix}`;
  const ruleName = `clos-events-${suffix}`;
  const queueArn = async (url: string): Promise<string> => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return Attributes!.QueueArn!;
  };
  try {
    await eventbridge.send(new CreateEventBusCommand({ Name: busName }));
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `clos-events-dlq-${suffix}` }))).QueueUrl!;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `clos-events-${suffix}`,
          Attributes: {
            VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(dlqUrl), maxReceiveCount: options.maxReceiveCount ?? 5 }),
          },
        }),
      )
    ).QueueUrl!;
    await eventbridge.send(
      new PutRuleCommand({ Name: ruleName, EventBusName: busName, EventPattern: JSON.stringify({ source: [{ prefix: 'clos.' }] }), State: 'ENABLED' }),
    );
    await eventbridge.send(new PutTargetsCommand({ Rule: ruleName, EventBusName: busName, Targets: [{ Id: TARGET_ID, Arn: await queueArn(queueUrl) }] }));
    return {
      busName,
      queueUrl,
      dlqUrl,
      async remove() {
        try {
          await eventbridge.send(new RemoveTargetsCommand({ Rule: ruleName, EventBusName: busName, Ids: [TARGET_ID] }));
          await eventbridge.send(new DeleteRuleCommand({ Name: ruleName, EventBusName: busName }));
          await eventbridge.send(new DeleteEventBusCommand({ Name: busName }));
          await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
          await sqs.send(new DeleteQueueCommand({ QueueUrl: dlqUrl }));
        } finally {
          eventbridge.destroy();
          sqs.destroy();
        }
      },
    };
  } catch (error) {
    eventbridge.destroy();
    sqs.destroy();
    throw error;
  }
}
