/**
 * Runs the Anthropic and OpenAI stand-ins until interrupted, for trying digests locally:
 * `node scripts/run-ts.mjs integrations/ai/src/testing/local-llm-main.ts [--fail 500]`, then start CLOS with
 * `LLM_PROVIDER=anthropic ANTHROPIC_API_KEY=local ANTHROPIC_BASE_URL=<printed url>`.
 * With `--fail <status>` every call is answered with that status (the template then writes).
 */
import { startLocalAnthropic } from './local-anthropic.js';
import { startLocalOpenAi } from './local-openai.js';

const failAt = process.argv.indexOf('--fail');
const failStatus = failAt >= 0 ? Number(process.argv[failAt + 1]) : undefined;
const anthropic = await startLocalAnthropic();
const openai = await startLocalOpenAi();
if (failStatus !== undefined) {
  anthropic.failNext({ kind: 'status', status: failStatus, times: Number.MAX_SAFE_INTEGER });
  openai.failNext({ kind: 'status', status: failStatus, times: Number.MAX_SAFE_INTEGER });
}
process.stdout.write(`ANTHROPIC_BASE_URL=${anthropic.url}\nOPENAI_BASE_URL=${openai.baseURL}\n${failStatus !== undefined ? `(answering ${failStatus} to every call)\n` : ''}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([anthropic.close(), openai.close()]).then(() => process.exit(0));
  });
}
