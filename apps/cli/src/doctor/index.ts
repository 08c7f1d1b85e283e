export { diagnose, formatReport } from './run-doctor.js';
export { probeEnvironment, type EnvironmentFacts } from './probe-environment.js';
export { hasBlocker, type CheckResult, type CheckStatus } from './doctor-check.js';
export { satisfiesRange } from './node-check.js';
