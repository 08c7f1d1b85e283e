export { countHit, pruneCounters, type WindowHit } from './counter-store.js';
export { createSharedRateLimiter, callerByAddress, type RateLimitRule, type SharedRateLimitOptions, type Caller } from './shared-rate-limit.js';
export { edgeRateLimits, edgeBucketOf, EDGE_BUCKETS, DEFAULT_EDGE_LIMITS, type EdgeBucket, type EdgeRateLimitOptions } from './edge-rate-limits.js';
export { HitCounter, type CountedHit, type HitCounterOptions } from './hit-counter.js';
