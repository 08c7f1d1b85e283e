import { digestClosing, digestHeadline } from '../digest/digest-sections.js';
import type { DigestRequest, DigestWriter, FallbackReason, LlmUsage, WrittenDigest } from '../digest/digest-types.js';
import { buildDigestPrompt } from './digest-prompt.js';
import { checkLlmAnswer, llmAnswerJsonSchema } from './llm-answer.js';
import { LlmAnswerError, type LlmClient } from './llm-client.js';
import { costUsd } from './llm-pricing.js';
import { writeTemplateDigest } from './template-writer.js';

/** One model call, as metrics and logs see it. */
export interface LlmCallRecord {
  provider: 'anthropic' | 'openai';
  model: string;
  /** `ok`: the answer was used; otherwise why the template was used instead. */
  outcome: 'ok' | Exclude<FallbackReason, 'not-configured' | 'budget'>;
  usage: LlmUsage;
  durationMs: number;
}

/** The monthly spending cap of an organisation. */
export interface LlmBudget {
  monthlyUsd: number;
  /** What the organisation has spent on models this calendar month (UTC), USD. */
  spentThisMonthUsd(): Promise<number>;
}

/** Settings of {@link createLlmDigestWriter}. */
export interface LlmDigestWriterOptions {
  client: LlmClient;
  /** Time budget of one call, ms; past it the call is aborted and the template writes. */
  timeoutMs: number;
  budget?: LlmBudget;
  /** Called after every model call, used or not (Prometheus counters, logs). */
  onCall?: (record: LlmCallRecord) => void;
  now?: () => number;
}

/**
 * A writer that asks a model and falls back to the template on every failure: budget
 * spent, vendor error, timeout, or an answer that fails validation (schema, unknown fact
 * ids, wrong section, links). It never throws for the model's sake; the digest it returns
 * says which writer produced it and why.
 */
export function createLlmDigestWriter(options: LlmDigestWriterOptions): DigestWriter {
  const { client } = options;
  const now = options.now ?? Date.now;
  const jsonSchema = llmAnswerJsonSchema();
  return {
    name: client.provider,
    async write(request: DigestRequest, writeOptions = {}): Promise<WrittenDigest> {
      if (options.budget !== undefined) {
        const spent = await options.budget.spentThisMonthUsd();
        if (spent >= options.budget.monthlyUsd) {
          return writeTemplateDigest(request, { reason: 'budget', detail: `spent ${spent.toFixed(4)} of ${options.budget.monthlyUsd} USD this month` });
        }
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('timeout')), options.timeoutMs);
      const onOuterAbort = (): void => controller.abort(writeOptions.signal?.reason);
      writeOptions.signal?.addEventListener('abort', onOuterAbort, { once: true });
      const started = now();
      const finish = (outcome: LlmCallRecord['outcome'], model: string, inputTokens: number, outputTokens: number): LlmUsage => {
        const usage = { inputTokens, outputTokens, costUsd: costUsd(model, inputTokens, outputTokens) };
        options.onCall?.({ provider: client.provider, model, outcome, usage, durationMs: now() - started });
        return usage;
      };
      const fallback = (reason: FallbackReason, detail: string, usage?: LlmUsage): WrittenDigest => ({
        ...writeTemplateDigest(request, { reason, detail }),
        model: client.model,
        ...(usage !== undefined ? { usage } : {}),
      });
      try {
        const completion = await client.complete({ prompt: buildDigestPrompt(request), jsonSchema, signal: controller.signal, timeoutMs: options.timeoutMs });
        const checked = checkLlmAnswer(completion.answer, request);
        if (!checked.ok) {
          return fallback('invalid-answer', checked.reason, finish('invalid-answer', completion.model, completion.inputTokens, completion.outputTokens));
        }
        const usage = finish('ok', completion.model, completion.inputTokens, completion.outputTokens);
        const closing = digestClosing(request.kind);
        return {
          kind: request.kind,
          headline: digestHeadline(request.kind, request.personName, request.localDay),
          sections: checked.sections,
          ...(closing !== undefined ? { closing } : {}),
          writer: client.provider,
          model: completion.model,
          usage,
        };
      } catch (error) {
        if (error instanceof LlmAnswerError) {
          return fallback('invalid-answer', error.message, finish('invalid-answer', client.model, error.inputTokens, error.outputTokens));
        }
        const timedOut = controller.signal.aborted && !writeOptions.signal?.aborted;
        const reason = timedOut ? 'timeout' : 'error';
        finish(reason, client.model, 0, 0);
        const detail = timedOut ? `no answer within ${options.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
        return fallback(reason, detail);
      } finally {
        clearTimeout(timer);
        writeOptions.signal?.removeEventListener('abort', onOuterAbort);
      }
    },
  };
}
