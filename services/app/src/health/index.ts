export { healthScanService, type HealthScanServiceDependencies, type HealthScanServices } from './health-scan-service.js';
export { HEALTH_SCAN_ACCESS_RULES } from './health-scan-rules.js';
