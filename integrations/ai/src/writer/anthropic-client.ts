import Anthropic from '@anthropic-ai/sdk';
import { LlmAnswerError, type LlmClient } from './llm-client.js';

/** Settings of {@link createAnthropicClient}. */
export interface AnthropicClientOptions {
  apiKey: string;
  /** A stand-in or proxy; the SDK's default (api.anthropic.com) when unset. */
  baseURL?: string;
  model: string;
  maxTokens?: number;
}

const TOOL = 'write_digest';

/**
 * Structured output through the Messages API: one tool whose input schema is the answer
 * schema, and `tool_choice` forcing it, so the answer is the tool call's input. The SDK's
 * own retries are off: the caller's fallback is the template, inside one time budget.
 */
export function createAnthropicClient(options: AnthropicClientOptions): LlmClient {
  const sdk = new Anthropic({ apiKey: options.apiKey, ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}), maxRetries: 0 });
  return {
    provider: 'anthropic',
    model: options.model,
    async complete({ prompt, jsonSchema, signal, timeoutMs }) {
      const message = await sdk.messages.create(
        {
          model: options.model,
          max_tokens: options.maxTokens ?? 1024,
          system: prompt.system,
          messages: [{ role: 'user', content: prompt.user }],
          tools: [{ name: TOOL, description: 'Hand back the digest lines.', input_schema: { ...jsonSchema, type: 'object' } }],
          tool_choice: { type: 'tool', name: TOOL },
        },
        { signal, timeout: timeoutMs },
      );
      const inputTokens = message.usage.input_tokens;
      const outputTokens = message.usage.output_tokens;
      const call = message.content.find((block) => block.type === 'tool_use' && block.name === TOOL);
      if (call === undefined || call.type !== 'tool_use') throw new LlmAnswerError(`no ${TOOL} call in the answer (stop reason ${message.stop_reason ?? 'none'})`, inputTokens, outputTokens);
      return { answer: call.input, model: message.model, inputTokens, outputTokens };
    },
  };
}
