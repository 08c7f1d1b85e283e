import type { ClosConfig } from '@clos/domain';
import { startFakeGithub } from '@clos/github/testing';
import type pg from 'pg';
import { seedDatabase } from '../seed/seed.js';
import { startDemoControl } from './demo-control.js';
import { createDemoSimulator, type DemoSimulator, type DemoSimulatorOptions } from './demo-simulator.js';
import { createSlackSender } from './slack-sender.js';
import { createWebhookSender } from './webhook-sender.js';

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  config: ClosConfig;
  closYmlPath: string;
  /** The record the 30-day history is backfilled into; none: no backfill. */
  pool?: pg.Pool;
  apiUrl: string;
  githubWebhookSecret: string;
  linearWebhookSecret: string;
  /** SLACK_SIGNING_SECRET of the api; without it the demo posts no standups, ideas or demos. */
  slackSigningSecret?: string;
  /** Port of the GitHub stand-in (0: any free one). */
  githubPort: number;
  /** Port of the demo's control route (0: any free one). */
  controlPort: number;
  intervalMs?: number;
  memory?: DemoSimulatorOptions['memory'];
  log?: (line: string) => void;
}

/** A running demo: the GitHub stand-in, the control route and the simulator. */
export interface RunningDemo {
  githubUrl: string;
  controlUrl: string;
  simulator: DemoSimulator;
  /** Starts the traffic (once the api answers). */
  startTraffic(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Brings the demo up: backfills the organisation's last 30 days (the seed; adds nothing when
 * already there), starts the local GitHub stand-in and the control route. `startTraffic` then
 * starts the simulator.
 */
export async function runDemo(options: RunDemoOptions): Promise<RunningDemo> {
  const log = options.log ?? (() => undefined);
  if (options.pool !== undefined) {
    const seeded = await seedDatabase(options.pool, { kind: 'demo', closYmlPath: options.closYmlPath });
    const added = Object.values(seeded.added).reduce((a, b) => a + b, 0);
    log(added > 0 ? `backfilled the last 30 days: ${Object.entries(seeded.added).map(([t, n]) => `${n} ${t}`).join(', ')}` : 'history already backfilled');
  }
  const github = await startFakeGithub({ port: options.githubPort });
  const simulator = createDemoSimulator({
    config: options.config,
    github,
    sender: createWebhookSender({ apiUrl: options.apiUrl, githubSecret: options.githubWebhookSecret, linearSecret: options.linearWebhookSecret }),
    ...(options.slackSigningSecret !== undefined ? { slack: createSlackSender({ apiUrl: options.apiUrl, signingSecret: options.slackSigningSecret }) } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.memory !== undefined ? { memory: options.memory } : {}),
    log,
  });
  const control = await startDemoControl(simulator, options.controlPort).catch(async (error: unknown) => {
    await github.close();
    throw error;
  });
  return {
    githubUrl: github.url,
    controlUrl: control.url,
    simulator,
    startTraffic: () => simulator.start(),
    async stop() {
      await simulator.stop();
      await control.close();
      await github.close();
    },
  };
}
