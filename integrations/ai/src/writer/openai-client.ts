import OpenAI from 'openai';
import { LlmAnswerError, type LlmClient } from './llm-client.js';

/** Settings of {@link createOpenAiClient}. */
export interface OpenAiClientOptions {
  apiKey: string;
  /** A stand-in, proxy or compatible server; the SDK's default (api.openai.com/v1) when unset. */
  baseURL?: string;
  model: string;
  maxTokens?: number;
}

/**
 * Structured output through Chat Completions with a strict `json_schema` response format;
 * the answer is the message content parsed as JSON. SDK retries are off (see the
 * Anthropic client).
 */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const sdk = new OpenAI({ apiKey: options.apiKey, ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}), maxRetries: 0 });
  return {
    provider: 'openai',
    model: options.model,
    async complete({ prompt, jsonSchema, signal, timeoutMs }) {
      const completion = await sdk.chat.completions.create(
        {
          model: options.model,
          max_completion_tokens: options.maxTokens ?? 1024,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'digest', strict: true, schema: jsonSchema } },
        },
        { signal, timeout: timeoutMs },
      );
      const inputTokens = completion.usage?.prompt_tokens ?? 0;
      const outputTokens = completion.usage?.completion_tokens ?? 0;
      const message = completion.choices[0]?.message;
      if (message === undefined) throw new LlmAnswerError('no choice in the answer', inputTokens, outputTokens);
      if (message.refusal) throw new LlmAnswerError(`the model refused: ${message.refusal}`, inputTokens, outputTokens);
      if (message.content === null) throw new LlmAnswerError('the answer has no content', inputTokens, outputTokens);
      let answer: unknown;
      try {
        answer = JSON.parse(message.content);
      } catch {
        throw new LlmAnswerError('the answer is not JSON', inputTokens, outputTokens);
      }
      return { answer, model: completion.model, inputTokens, outputTokens };
    },
  };
}
