import { EnvConfigError } from './env-config-error.js';
import { loadConfig } from './load-config.js';

const KEY = 'x'.repeat(32);

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvConfigError) return error.issues.map((i) => i.variable);
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('a production stage fails closed', () => {
  it('refuses to start the api with empty vendor secrets, naming each one', () => {
    let message = '';
    try {
      loadConfig({
        service: 'api',
        // ECS hands over the secrets created empty as empty strings.
        env: { CLOS_STAGE_KIND: 'production', AUDIT_CHAIN_KEY: KEY, SLACK_BOT_TOKEN: '', GITHUB_TOKEN: 'ghp_x', LINEAR_API_KEY: 'lin' },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toContain('GITHUB_WEBHOOK_SECRET: is required when CLOS_STAGE_KIND=production');
    expect(message).toContain('SLACK_SIGNING_SECRET');
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).toContain('LINEAR_WEBHOOK_SECRET');
    expect(message).toContain('set CLOS_DRY_RUN=true to run without it');
    expect(message).not.toContain('GITHUB_TOKEN or');
  });

  it('asks each service for the secrets it uses', () => {
    const env = { CLOS_STAGE_KIND: 'production', AUDIT_CHAIN_KEY: KEY };
    expect(issuesOf(() => loadConfig({ service: 'processor', env }))).toEqual([
      'GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_PRIVATE_KEY',
      'LINEAR_API_KEY',
    ]);
    expect(issuesOf(() => loadConfig({ service: 'worker', env: { ...env, GITHUB_APP_ID: '1', GITHUB_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nk\\n-----END RSA PRIVATE KEY-----' } }))).toEqual([
      'SLACK_BOT_TOKEN',
      'LINEAR_API_KEY',
    ]);
  });

  it('starts with every secret present, or in an explicit dry-run', () => {
    const full = {
      CLOS_STAGE_KIND: 'production',
      AUDIT_CHAIN_KEY: KEY,
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_WEBHOOK_SECRET: 'w',
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb',
      LINEAR_API_KEY: 'lin',
      LINEAR_WEBHOOK_SECRET: 'lw',
    };
    expect(loadConfig({ service: 'api', env: full }).env.CLOS_STAGE_KIND).toBe('production');
    const dryRun = loadConfig({ service: 'api', env: { CLOS_STAGE_KIND: 'production', AUDIT_CHAIN_KEY: KEY, CLOS_DRY_RUN: 'true' } });
    expect(dryRun.env.CLOS_DRY_RUN).toBe(true);
  });

  it('needs the audit chain key in production even in a dry-run', () => {
    expect(issuesOf(() => loadConfig({ service: 'api', env: { CLOS_STAGE_KIND: 'production', CLOS_DRY_RUN: 'true' } }))).toEqual([
      'AUDIT_CHAIN_KEY',
    ]);
  });

  it('checks nothing outside production, nor for tools that are not services', () => {
    expect(loadConfig({ service: 'api', env: {} }).env.CLOS_STAGE_KIND).toBe('development');
    expect(loadConfig({ env: { CLOS_STAGE_KIND: 'production' } }).env.CLOS_STAGE_KIND).toBe('production');
    expect(issuesOf(() => loadConfig({ env: { CLOS_STAGE_KIND: 'staging', CLOS_DRY_RUN: 'yes' } }))).toEqual([
      'CLOS_STAGE_KIND',
      'CLOS_DRY_RUN',
    ]);
  });
});
