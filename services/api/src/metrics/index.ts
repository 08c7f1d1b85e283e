export { createApiMetrics, type ApiMetrics, type ApiMetricsOptions } from './api-metrics.js';
export { observability } from './observability-plugin.js';
export { correlationIdOf, correlationIdOptions, CORRELATION_HEADER } from './correlation-id.js';
