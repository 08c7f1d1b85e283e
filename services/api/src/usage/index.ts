export { USAGE_COUNTERS, countUsage, usageCounter, type UsageCounter } from './usage-counters.js';
