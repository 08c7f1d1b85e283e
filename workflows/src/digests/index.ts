export { createPgDigestStore, type DigestRecord, type DigestStore, type ListDigestsFilter } from './digest-store.js';
export { gatherDigestFacts, type GatherDigestFactsInput, type GatheredFacts, type Queryable } from './gather-digest-facts.js';
export { renderDigest, type RenderedDigest } from './digest-blocks.js';
export { createDigestActivitiesFromEnv, followDigestSchedules, type DigestEnv, type DigestWorkerOptions, type FollowedPolicy } from './digest-worker.js';
