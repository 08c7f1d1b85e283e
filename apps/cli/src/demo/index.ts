export { createDemoSimulator, type BlockedPullRequest, type DemoIssue, type DemoMemory, type DemoSimulator, type DemoSimulatorOptions } from './demo-simulator.js';
export { createWebhookSender, type WebhookSender, type WebhookSenderOptions } from './webhook-sender.js';
export { startDemoControl, type BlockedAnswer } from './demo-control.js';
export { runDemo, type RunDemoOptions, type RunningDemo } from './run-demo.js';
export { fileMemory } from './demo-memory.js';
export { createSlackSender, type SlackSender, type SlackSenderOptions, type ViewValues } from './slack-sender.js';
export { createTeamActivity, type TeamActivity, type TeamActivityOptions, type TeamMemory } from './team-activity.js';
