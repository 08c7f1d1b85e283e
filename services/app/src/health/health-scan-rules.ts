import type { AccessRules } from '../access/authorize-services.js';
import type { HealthScanServices } from './health-scan-service.js';

/** Only the organisation admin runs a scan on demand (it scores every pod); each run is audited. */
export const HEALTH_SCAN_ACCESS_RULES: AccessRules<HealthScanServices> = {
  scanHealth: {
    requires: { kind: 'org', role: 'admin' },
    audit: {
      action: 'health.scan',
      target: () => 'pods:all',
      details: () => ({}),
      outcome: (r) => ({ at: r.at, pods: r.pods.length }),
    },
  },
};
