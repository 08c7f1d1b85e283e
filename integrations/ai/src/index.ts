/**
 * @clos/ai — the digest writer: one port ({@link DigestWriter}), adapters on the official
 * Anthropic and OpenAI SDKs with grounded, validated structured output, and the
 * deterministic template writer they fall back to.
 */
export { DIGEST_KINDS, DIGEST_WRITERS, FACT_KINDS, FALLBACK_REASONS } from './digest/digest-types.js';
export type {
  DigestFact,
  DigestItem,
  DigestKind,
  DigestRequest,
  DigestSection,
  DigestWriter,
  DigestWriterName,
  FactKind,
  FallbackReason,
  LlmUsage,
  WrittenDigest,
} from './digest/digest-types.js';
export { DIGEST_SECTIONS, digestClosing, digestHeadline } from './digest/digest-sections.js';
export type { SectionSpec } from './digest/digest-sections.js';

export { createTemplateWriter, templateLine, writeTemplateDigest } from './writer/template-writer.js';
export { buildDigestPrompt, FACTS_TAG } from './writer/digest-prompt.js';
export type { DigestPrompt } from './writer/digest-prompt.js';
export { checkLlmAnswer, llmAnswerJsonSchema, llmAnswerSchema, MAX_ITEM_CHARS } from './writer/llm-answer.js';
export type { CheckedAnswer, LlmAnswer } from './writer/llm-answer.js';
export { costUsd, priceOf, FALLBACK_PRICE, MODEL_PRICES } from './writer/llm-pricing.js';
export type { TokenPrice } from './writer/llm-pricing.js';
export { LlmAnswerError } from './writer/llm-client.js';
export type { LlmClient, LlmCompletion } from './writer/llm-client.js';
export { createAnthropicClient } from './writer/anthropic-client.js';
export type { AnthropicClientOptions } from './writer/anthropic-client.js';
export { createOpenAiClient } from './writer/openai-client.js';
export type { OpenAiClientOptions } from './writer/openai-client.js';
export { createLlmDigestWriter } from './writer/llm-digest-writer.js';
export type { LlmBudget, LlmCallRecord, LlmDigestWriterOptions } from './writer/llm-digest-writer.js';
export { createDigestWriter, DEFAULT_LLM_TIMEOUT_MS, DEFAULT_MODELS, LLM_PROVIDERS } from './writer/create-digest-writer.js';
export type { DigestWriterSettings, LlmProvider } from './writer/create-digest-writer.js';
