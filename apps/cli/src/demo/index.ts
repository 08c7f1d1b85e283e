export { createDemoSimulator, type BlockedPullRequest, type DemoIssue, type DemoMemory, type DemoSimulator, type DemoSimulatorOptions } from './demo-simulator.js';
export { createWebhookSender, type WebhookSender, type WebhookSenderOptions } from './webhook-sender.js';
export { startDemoControl, type BlockedAnswer } from './demo-control.js';
export { runDemo, type RunDemoOptions, type RunningDemo } from './run-demo.js';
export { fileMemory } from './demo-memory.js';
