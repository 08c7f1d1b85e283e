import { z } from 'zod';

/** What a message is: a call, its answer, news for many, or something needing attention. */
export const MESSAGE_TYPES = ['request', 'response', 'broadcast', 'alert'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** How urgent a message is. */
export const MESSAGE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];

/**
 * The message envelope a call to CLOS (REST or MCP) is recorded in, in the audit log: who
 * sent what to whom, when, and the correlation id that ties an agent's chain of calls
 * together (`GET /api/audit?correlationId=` follows it).
 */
export const messageEnvelopeSchema = z.object({
  id: z.string(),
  timestamp: z.string(),
  /** `token:<id>`: the caller. */
  sender: z.string(),
  /** What was called, e.g. `clos:submitEvidence` or `clos:mcp/why_blocked`. */
  receiver: z.string(),
  type: z.enum(MESSAGE_TYPES),
  priority: z.enum(MESSAGE_PRIORITIES),
  /** What the audit may keep of the message: never secrets, never a person's private text. */
  payload: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  /** The message this one answers (a response's request). */
  inReplyTo: z.string().optional(),
});

/** A message envelope. */
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;
