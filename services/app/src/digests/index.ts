export { digestService, previewDigest, type DigestRunOutcome, type DigestServiceDependencies, type DigestServices, type DigestSummary } from './digest-service.js';
export { DIGEST_ACCESS_RULES } from './digest-rules.js';
// The facts a digest rests on, for other features that plan a person's day (MCP plan_today).
export { gatherDigestFacts, type GatherDigestFactsInput, type GatheredFacts } from '@clos/workflows/client';
