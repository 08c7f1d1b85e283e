import type { DigestPrompt } from './digest-prompt.js';

/** What one model call returned: the structured answer (unvalidated) and its token counts. */
export interface LlmCompletion {
  answer: unknown;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** One structured-output call to a vendor; adapters wrap the vendors' official SDKs. */
export interface LlmClient {
  readonly provider: 'anthropic' | 'openai';
  readonly model: string;
  complete(input: { prompt: DigestPrompt; jsonSchema: Record<string, unknown>; signal: AbortSignal; timeoutMs: number }): Promise<LlmCompletion>;
}

/** Thrown when a vendor answered but not with a usable structured answer; carries the tokens spent. */
export class LlmAnswerError extends Error {
  constructor(
    message: string,
    readonly inputTokens: number,
    readonly outputTokens: number,
  ) {
    super(message);
    this.name = 'LlmAnswerError';
  }
}
