import { randomUUID } from 'node:crypto';
import { groundedAnswer, readFencedFacts, userTextOf, type ScriptedAnswer } from './scripted-model.js';
import { startStandIn, type RecordedLlmRequest, type StandInCore } from './stand-in-server.js';

/** A running stand-in for Anthropic's Messages API (`POST /v1/messages`). */
export interface LocalAnthropic extends StandInCore {
  /** Replaces how the "model" answers (the tool input it returns); default {@link groundedAnswer}. */
  answerWith(answer: (request: RecordedLlmRequest) => unknown): void;
  /** Token counts reported in `usage`. */
  usage: { input_tokens: number; output_tokens: number };
}

/**
 * Answers `POST /v1/messages` as Anthropic does when a tool is forced: a `message` whose
 * content is one `tool_use` block carrying the structured answer, with `usage`. Errors
 * come back in Anthropic's error envelope. Point the SDK at it with `baseURL: url`.
 */
export async function startLocalAnthropic(): Promise<LocalAnthropic> {
  let answer: (request: RecordedLlmRequest) => unknown = (request) => groundedAnswer(readFencedFacts(userTextOf(request.body)));
  const state = { usage: { input_tokens: 420, output_tokens: 96 } };
  const core = await startStandIn(
    (request) => {
      if (request.path !== '/v1/messages') return { status: 404, body: { type: 'error', error: { type: 'not_found_error', message: `no route ${request.path}` } } };
      // The SDK sends the key as `x-api-key` or, since 1.x, as a bearer token; both are accepted.
      if (request.headers['x-api-key'] === undefined && request.headers.authorization?.startsWith('Bearer ') !== true) {
        return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } } };
      }
      const toolChoice = request.body.tool_choice as { name?: string } | undefined;
      const input = answer(request) as ScriptedAnswer;
      return {
        status: 200,
        headers: { 'request-id': `req_${randomUUID()}` },
        body: {
          id: `msg_${randomUUID()}`,
          type: 'message',
          role: 'assistant',
          model: String(request.body.model),
          content: [{ type: 'tool_use', id: `toolu_${randomUUID()}`, name: toolChoice?.name ?? 'write_digest', input }],
          stop_reason: 'tool_use',
          stop_sequence: null,
          usage: { ...state.usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      };
    },
    (status) => ({ type: 'error', error: { type: status === 529 ? 'overloaded_error' : 'api_error', message: 'Internal server error' } }),
  );
  return Object.assign(core, {
    answerWith: (next: (request: RecordedLlmRequest) => unknown) => {
      answer = next;
    },
    get usage() {
      return state.usage;
    },
    set usage(value: { input_tokens: number; output_tokens: number }) {
      state.usage = value;
    },
  });
}
