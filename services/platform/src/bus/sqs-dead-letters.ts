import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ClosError } from '@clos/domain';

/** A dead-letter queue, the queue it drains (redrives back into), and roughly how many messages wait in it. */
export interface DeadLetterQueueState {
  dlqUrl: string;
  sourceUrl: string;
  approximateMessages: number;
}

/** How long a moved message stays invisible in the DLQ while it is copied (it is deleted right after). */
const MOVE_VISIBILITY_SECONDS = 60;

/**
 * The source queue whose redrive policy names this DLQ. SQS knows it
 * (ListDeadLetterSourceQueues), so the configuration lists only the DLQs. A DLQ shared by
 * several queues cannot tell which one a message came from: refused rather than guessed.
 */
export async function sourceQueueOf(client: Pick<SQSClient, 'send'>, dlqUrl: string): Promise<string> {
  const { queueUrls = [] } = await client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
  if (queueUrls.length === 1) return queueUrls[0]!;
  throw new ClosError(
    'Conflict',
    queueUrls.length === 0
      ? `${dlqUrl} is no queue's dead-letter queue: nothing to redrive it into`
      : `${dlqUrl} is the dead-letter queue of ${queueUrls.length} queues (${queueUrls.join(', ')}): cannot tell where each message came from`,
    { dlqUrl, sourceQueues: queueUrls },
  );
}

/** Each DLQ with its source queue and approximate depth. */
export async function describeDeadLetterQueues(client: Pick<SQSClient, 'send'>, dlqUrls: readonly string[]): Promise<DeadLetterQueueState[]> {
  return Promise.all(
    dlqUrls.map(async (dlqUrl) => {
      const { Attributes = {} } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return { dlqUrl, sourceUrl: await sourceQueueOf(client, dlqUrl), approximateMessages: Number(Attributes.ApproximateNumberOfMessages ?? 0) };
    }),
  );
}

/**
 * Moves every message of a DLQ back to its source queue: receive, send the same body and
 * attributes, then delete from the DLQ only what was sent. A crash between the two leaves a
 * copy in each queue, never none; the processor's event-id dedupe makes the copy harmless.
 * SQS's own StartMessageMoveTask does the same server-side, but emulators lack it and it
 * answers before the move is done; this answers with the count actually moved.
 */
export async function redriveDeadLetterQueue(
  client: Pick<SQSClient, 'send'>,
  dlqUrl: string,
  options: { maxMessages?: number } = {},
): Promise<{ sourceUrl: string; moved: number }> {
  const sourceUrl = await sourceQueueOf(client, dlqUrl);
  const max = options.maxMessages ?? 10_000;
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        VisibilityTimeout: MOVE_VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    const entries = Messages.map((m, i) => ({
      Id: String(i),
      MessageBody: m.Body ?? '',
      ...(m.MessageAttributes !== undefined && Object.keys(m.MessageAttributes).length > 0 ? { MessageAttributes: m.MessageAttributes } : {}),
    }));
    const sent = await client.send(new SendMessageBatchCommand({ QueueUrl: sourceUrl, Entries: entries }));
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const done = Messages.filter((_, i) => ok.has(String(i)));
    if (done.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    moved += done.length;
    if (done.length < Messages.length) {
      const failed = (sent.Failed ?? []).map((f) => `${f.Code ?? 'error'}: ${f.Message ?? ''}`).join('; ');
      throw new ClosError('Unavailable', `moved ${moved} message(s) from ${dlqUrl}, then SQS refused some: ${failed}`, { dlqUrl, moved });
    }
  }
  return { sourceUrl, moved };
}
