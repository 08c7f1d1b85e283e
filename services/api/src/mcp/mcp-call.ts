import { ClosError, type MessageEnvelope } from '@clos/domain';
import { messageEnvelope, type Authorized } from '@clos/app';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ClosServices } from '../rest/services/clos-services.js';

/** Which services the tools reach: the caller's, checked by the same access rules as REST. */
export type McpServices = Authorized<ClosServices>;

/** Who is calling over MCP, and how their calls reach the services and the audit log. */
export interface McpCaller {
  /** `token:<id>`: the sender of every message of this caller. */
  actor: string;
  /** The caller's services for one call, their audit entries under that call's correlation id. */
  services(correlationId: string): McpServices;
  /** The correlation id of a call that brings none of its own: the HTTP request's (`X-Correlation-Id`, or a new one). */
  requestCorrelationId: string;
  /** Appends an entry to the audit log as this caller. */
  record(entry: { action: string; target: string; details: Record<string, unknown> }): Promise<void>;
}

/** `_meta` keys a client may carry its correlation id in. */
export const CORRELATION_META_KEYS = ['correlationId', 'io.clos/correlationId'] as const;
const ACCEPTABLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The call's correlation id: the client's, from `_meta`, when it is a sane token; else the request's. */
export function correlationIdOf(meta: Record<string, unknown> | undefined, fallback: string): string {
  for (const key of CORRELATION_META_KEYS) {
    const value = meta?.[key];
    if (typeof value === 'string' && ACCEPTABLE.test(value)) return value;
  }
  return fallback;
}

/** A tool's answer: the result as JSON text and as structured content an agent can read. */
export function ok(summary: string, data: object): CallToolResult {
  return { content: [{ type: 'text', text: `${summary}\n${JSON.stringify(data, null, 2)}` }], structuredContent: data as Record<string, unknown> };
}

/** A refusal or a failure, told to the agent as a tool error it can act on (not a protocol error). */
function refused(error: ClosError): CallToolResult {
  const body = { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
  return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }], structuredContent: { error: body } };
}

/** One message of a call: what the request envelope's payload keeps of it. */
export interface McpMessage {
  /** `mcp/<tool>` or `mcp/resource`. */
  receiver: string;
  /** What the audit may keep of the arguments: never a person's private text. */
  payload: Record<string, unknown>;
  meta: Record<string, unknown> | undefined;
}

/**
 * Runs one MCP call under its correlation id and records it in the audit log as a request
 * envelope and its response envelope (`mcp.call`), whatever the outcome: an agent's chain of
 * calls, and the mutations they made, share that id. The id and the request's message id
 * come back in the result's `_meta`.
 */
export async function recordedCall<T>(caller: McpCaller, message: McpMessage, work: (services: McpServices) => Promise<T>, outcomeOf: (result: T) => { isError: boolean; code?: string }): Promise<{ result: T; correlationId: string; request: MessageEnvelope }> {
  const correlationId = correlationIdOf(message.meta, caller.requestCorrelationId);
  const request = messageEnvelope({ sender: caller.actor, receiver: `clos:${message.receiver}`, payload: message.payload, correlationId });
  const reply = (payload: Record<string, unknown>) =>
    messageEnvelope({ sender: `clos:${message.receiver}`, receiver: caller.actor, type: 'response', payload, correlationId, inReplyTo: request.id });
  let result: T;
  try {
    result = await work(caller.services(correlationId));
  } catch (error) {
    const payload = error instanceof ClosError ? { isError: true, code: error.code } : { isError: true, code: 'Internal' };
    await caller.record({ action: 'mcp.call', target: `mcp:${message.receiver.replace(/^mcp\//, '')}`, details: { correlationId, envelope: request, reply: reply(payload), outcome: 'refused' } });
    throw error;
  }
  const outcome = outcomeOf(result);
  await caller.record({
    action: 'mcp.call',
    target: `mcp:${message.receiver.replace(/^mcp\//, '')}`,
    details: { correlationId, envelope: request, reply: reply(outcome), outcome: outcome.isError ? 'refused' : 'done' },
  });
  return { result, correlationId, request };
}

/** Runs a tool: a CLOS error becomes a tool error naming what is wrong; the call is recorded either way. */
export async function runTool(caller: McpCaller, message: McpMessage, work: (services: McpServices) => Promise<CallToolResult>): Promise<CallToolResult> {
  const { result, correlationId, request } = await recordedCall(
    caller,
    message,
    async (services) => {
      try {
        return await work(services);
      } catch (error) {
        if (error instanceof ClosError) return refused(error);
        throw error;
      }
    },
    (r) => {
      const code = (r.structuredContent?.error as { code?: string } | undefined)?.code;
      return { isError: r.isError === true, ...(code !== undefined ? { code } : {}) };
    },
  );
  return { ...result, _meta: { correlationId, messageId: request.id } };
}
