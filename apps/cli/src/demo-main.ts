import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseClosConfig } from '@clos/domain';
import { demoSettings, findRepoRoot, loadUpConfig } from '@clos/devstack';
import { createPool, loadConfig } from '@clos/platform';
import { fileMemory, runDemo } from './demo/index.js';

/**
 * The demo traffic `npm run up` runs beside the services for the demo organisation: backfills
 * 30 days of history, serves the GitHub stand-in, then sends signed GitHub and Linear deliveries
 * to the api at a human pace until SIGTERM. Prints `demo ready` once the stand-in answers.
 */
async function main(): Promise<void> {
  const { env } = loadConfig({ require: ['DATABASE_URL'] });
  const up = loadUpConfig(process.env, process.cwd(), findRepoRoot());
  const settings = demoSettings(up.dataDir, process.env);
  const apiUrl = `http://127.0.0.1:${up.ports.api}`;
  const pool = createPool({ connectionString: env.DATABASE_URL, max: 2, applicationName: 'clos-demo' });
  const log = (line: string) => console.log(line);
  const demo = await runDemo({
    config: parseClosConfig(readFileSync(up.closConfigPath, 'utf8'), up.closConfigPath),
    closYmlPath: up.closConfigPath,
    pool,
    apiUrl,
    githubWebhookSecret: settings.githubWebhookSecret,
    linearWebhookSecret: settings.linearWebhookSecret,
    // The secret the api verifies Slack requests with: npm run up's, or one set for a real app.
    slackSigningSecret: env.SLACK_SIGNING_SECRET ?? settings.slackSigningSecret,
    githubPort: settings.githubPort,
    controlPort: settings.controlPort,
    memory: fileMemory(join(up.dataDir, 'demo-state.json')),
    log,
  });
  await pool.end();
  log(`demo ready: GitHub stand-in ${demo.githubUrl}`);
  const stop = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  const healthy = (async () => {
    for (;;) {
      const ok = await fetch(`${apiUrl}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(500);
    }
  })();
  if ((await Promise.race([healthy.then(() => 'healthy' as const), stop.then(() => 'stop' as const)])) === 'healthy') {
    log('sending demo traffic: an event every few seconds');
    await demo.startTraffic();
    await stop;
  }
  await demo.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
