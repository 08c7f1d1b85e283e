export * from './ids.js';
export * from './common-messages.js';
export * from './pod-wip-messages.js';
export * from './project-stage-messages.js';
export * from './workflow-inputs.js';
export * from './batch-messages.js';
export * from './standup-messages.js';
export * from './health-messages.js';
