export { createPgDigestStore, type DigestRecord, type DigestStore, type ListDigestsFilter } from './digest-store.js';
export { gatherDigestFacts, type GatherDigestFactsInput, type GatheredFacts, type Queryable } from './gather-digest-facts.js';
export { renderDigest, type RenderedDigest } from './digest-blocks.js';
