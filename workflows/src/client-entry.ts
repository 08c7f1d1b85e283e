/**
 * `@clos/workflows/client` — what a client of the enforcement workflows needs: the client
 * helpers (start, signal, update, query, schedules) and the messages and inputs they carry.
 * No worker, bundler or activity code: the application services import only this.
 */
export * from './client.js';
export * from './shared/index.js';
// The digest records and facts: Temporal-free, for the application services (and plan_today).
export { createPgDigestStore, gatherDigestFacts, renderDigest } from './digests/index.js';
export type { DigestRecord, DigestStore, GatherDigestFactsInput, GatheredFacts, ListDigestsFilter, Queryable, RenderedDigest } from './digests/index.js';
