import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How the demo traffic of `npm run up` is wired: its webhook secrets and the ports of its stand-ins. */
export interface DemoSettings {
  /** GITHUB_WEBHOOK_SECRET the api verifies the demo's GitHub deliveries with. */
  githubWebhookSecret: string;
  /** LINEAR_WEBHOOK_SECRET the api verifies the demo's Linear deliveries with. */
  linearWebhookSecret: string;
  /** SLACK_SIGNING_SECRET the api verifies the demo's Slack requests (standups, ideas, demos) with. */
  slackSigningSecret: string;
  /** Port of the local GitHub stand-in (CLOS_DEMO_GITHUB_PORT, default 8090). */
  githubPort: number;
  /** Port the running demo takes requests on, e.g. from `clos demo open-pr` (CLOS_DEMO_PORT, default 8091). */
  controlPort: number;
}

/** Default ports of the demo's stand-ins. */
export const DEMO_DEFAULT_PORTS = { CLOS_DEMO_GITHUB_PORT: 8090, CLOS_DEMO_PORT: 8091 } as const;

function demoFile(dataDir: string): string {
  return join(dataDir, 'demo.json');
}

function portOf(env: Record<string, string | undefined>, name: keyof typeof DEMO_DEFAULT_PORTS): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return DEMO_DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) throw new Error(`${name}: must be a port number between 1 and 65535`);
  return port;
}

/**
 * The demo's settings for `dataDir`: the secrets are made once and kept in `<dataDir>/demo.json`
 * (mode 0600), the ports come from the environment each start and are written beside them so
 * `clos demo` finds the running demo.
 */
export function demoSettings(dataDir: string, env: Record<string, string | undefined>): DemoSettings {
  const stored = readDemoSettings(dataDir);
  const settings: DemoSettings = {
    githubWebhookSecret: stored?.githubWebhookSecret ?? randomBytes(24).toString('base64url'),
    linearWebhookSecret: stored?.linearWebhookSecret ?? randomBytes(24).toString('base64url'),
    slackSigningSecret: stored?.slackSigningSecret || randomBytes(24).toString('base64url'),
    githubPort: portOf(env, 'CLOS_DEMO_GITHUB_PORT'),
    controlPort: portOf(env, 'CLOS_DEMO_PORT'),
  };
  mkdirSync(dirname(demoFile(dataDir)), { recursive: true });
  writeFileSync(demoFile(dataDir), JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  return settings;
}

/** The settings the last demo of `dataDir` ran with, or `undefined` when none ran there. */
export function readDemoSettings(dataDir: string): DemoSettings | undefined {
  try {
    const parsed = JSON.parse(readFileSync(demoFile(dataDir), 'utf8')) as Partial<DemoSettings>;
    if (typeof parsed.githubWebhookSecret !== 'string' || typeof parsed.linearWebhookSecret !== 'string') return undefined;
    return {
      githubWebhookSecret: parsed.githubWebhookSecret,
      linearWebhookSecret: parsed.linearWebhookSecret,
      // A demo.json of an earlier release has none: the next start makes one.
      slackSigningSecret: typeof parsed.slackSigningSecret === 'string' ? parsed.slackSigningSecret : '',
      githubPort: typeof parsed.githubPort === 'number' ? parsed.githubPort : DEMO_DEFAULT_PORTS.CLOS_DEMO_GITHUB_PORT,
      controlPort: typeof parsed.controlPort === 'number' ? parsed.controlPort : DEMO_DEFAULT_PORTS.CLOS_DEMO_PORT,
    };
  } catch {
    return undefined;
  }
}
