import { randomUUID } from 'node:crypto';
import { groundedAnswer, readFencedFacts, userTextOf } from './scripted-model.js';
import { startStandIn, type RecordedLlmRequest, type StandInCore } from './stand-in-server.js';

/** A running stand-in for OpenAI's Chat Completions API (`POST /v1/chat/completions`). */
export interface LocalOpenAi extends StandInCore {
  /** The base URL to give the SDK (`…/v1`). */
  readonly baseURL: string;
  /** Replaces how the "model" answers (the JSON it writes as content); default {@link groundedAnswer}. */
  answerWith(answer: (request: RecordedLlmRequest) => unknown): void;
  usage: { prompt_tokens: number; completion_tokens: number };
}

/**
 * Answers `POST /v1/chat/completions` as OpenAI does for a `json_schema` response format:
 * a `chat.completion` whose first choice's message content is the JSON answer as text,
 * with `usage`. Errors come back in OpenAI's error envelope.
 */
export async function startLocalOpenAi(): Promise<LocalOpenAi> {
  let answer: (request: RecordedLlmRequest) => unknown = (request) => groundedAnswer(readFencedFacts(userTextOf(request.body)));
  const state = { usage: { prompt_tokens: 380, completion_tokens: 88 } };
  const core = await startStandIn(
    (request) => {
      if (request.path !== '/v1/chat/completions') return { status: 404, body: { error: { message: `no route ${request.path}`, type: 'invalid_request_error', code: null } } };
      if (request.headers.authorization?.startsWith('Bearer ') !== true) return { status: 401, body: { error: { message: 'missing API key', type: 'invalid_request_error', code: 'invalid_api_key' } } };
      return {
        status: 200,
        headers: { 'x-request-id': `req_${randomUUID()}` },
        body: {
          id: `chatcmpl-${randomUUID()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: String(request.body.model),
          choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer(request)), refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { ...state.usage, total_tokens: state.usage.prompt_tokens + state.usage.completion_tokens },
        },
      };
    },
    () => ({ error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } }),
  );
  return Object.assign(core, {
    baseURL: `${core.url}/v1`,
    answerWith: (next: (request: RecordedLlmRequest) => unknown) => {
      answer = next;
    },
    get usage() {
      return state.usage;
    },
    set usage(value: { prompt_tokens: number; completion_tokens: number }) {
      state.usage = value;
    },
  });
}
