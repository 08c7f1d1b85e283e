import type { DigestWriter } from '../digest/digest-types.js';
import { createAnthropicClient } from './anthropic-client.js';
import { createLlmDigestWriter, type LlmBudget, type LlmCallRecord } from './llm-digest-writer.js';
import { createOpenAiClient } from './openai-client.js';
import { createTemplateWriter } from './template-writer.js';

/** The providers `LLM_PROVIDER` may name. */
export const LLM_PROVIDERS = ['anthropic', 'openai', 'none'] as const;
/** One of {@link LLM_PROVIDERS}. */
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Default models, cheap and fast: a digest is a few short lines. */
export const DEFAULT_MODELS = { anthropic: 'claude-haiku-4-5', openai: 'gpt-4o-mini' } as const;

/** Default time budget of one model call. */
export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

/** Settings, as loadConfig validated them (the env names in brackets). */
export interface DigestWriterSettings {
  /** [LLM_PROVIDER]; unset means none. */
  provider?: LlmProvider;
  /** [ANTHROPIC_API_KEY] */
  anthropicApiKey?: string;
  /** [ANTHROPIC_BASE_URL] */
  anthropicBaseUrl?: string;
  /** [OPENAI_API_KEY] */
  openaiApiKey?: string;
  /** [OPENAI_BASE_URL] */
  openaiBaseUrl?: string;
  /** [LLM_MODEL] */
  model?: string;
  /** [LLM_TIMEOUT_MS] */
  timeoutMs?: number;
  budget?: LlmBudget;
  onCall?: (record: LlmCallRecord) => void;
}

/**
 * The writer the settings call for: the chosen vendor's SDK behind the validating,
 * falling-back writer, or the template alone when no provider (or no key for it) is set —
 * a missing key is not an error at boot, digests just come from the template and say so.
 */
export function createDigestWriter(settings: DigestWriterSettings): DigestWriter {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const common = { timeoutMs, ...(settings.budget !== undefined ? { budget: settings.budget } : {}), ...(settings.onCall !== undefined ? { onCall: settings.onCall } : {}) };
  if (settings.provider === 'anthropic' && settings.anthropicApiKey !== undefined) {
    const client = createAnthropicClient({
      apiKey: settings.anthropicApiKey,
      model: settings.model ?? DEFAULT_MODELS.anthropic,
      ...(settings.anthropicBaseUrl !== undefined ? { baseURL: settings.anthropicBaseUrl } : {}),
    });
    return createLlmDigestWriter({ client, ...common });
  }
  if (settings.provider === 'openai' && settings.openaiApiKey !== undefined) {
    const client = createOpenAiClient({
      apiKey: settings.openaiApiKey,
      model: settings.model ?? DEFAULT_MODELS.openai,
      ...(settings.openaiBaseUrl !== undefined ? { baseURL: settings.openaiBaseUrl } : {}),
    });
    return createLlmDigestWriter({ client, ...common });
  }
  return createTemplateWriter();
}
