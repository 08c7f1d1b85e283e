import { randomUUID } from 'node:crypto';
import type { MessageEnvelope, MessagePriority, MessageType } from '@clos/domain';

/** What a caller says about a message; id and timestamp are the envelope's own. */
export interface EnvelopeInput {
  sender: string;
  receiver: string;
  type?: MessageType;
  priority?: MessagePriority;
  payload?: Record<string, unknown>;
  correlationId: string;
  inReplyTo?: string;
  now?: Date;
}

/** A message envelope with a fresh id: a request at normal priority unless told otherwise. */
export function messageEnvelope(input: EnvelopeInput): MessageEnvelope {
  return {
    id: randomUUID(),
    timestamp: (input.now ?? new Date()).toISOString(),
    sender: input.sender,
    receiver: input.receiver,
    type: input.type ?? 'request',
    priority: input.priority ?? 'normal',
    payload: input.payload ?? {},
    correlationId: input.correlationId,
    ...(input.inReplyTo !== undefined ? { inReplyTo: input.inReplyTo } : {}),
  };
}
