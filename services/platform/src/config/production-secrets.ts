import type { Env, EnvName } from './env-schema.js';
import type { EnvIssue } from './env-config-error.js';

/** The long-running processes whose vendor secrets a production stage checks at boot. */
export const SERVICE_NAMES = ['api', 'processor', 'worker'] as const;

/** One of {@link SERVICE_NAMES}. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** A vendor secret a service needs: one variable, or any one of a few ways to authenticate. */
interface SecretNeed {
  /** How the issue names it. */
  variable: string;
  present: (env: Env) => boolean;
}

const set = (name: EnvName) => (env: Env) => env[name] !== undefined;

const GITHUB_CREDENTIALS: SecretNeed = {
  variable: 'GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_PRIVATE_KEY',
  present: (env) => env.GITHUB_TOKEN !== undefined || (env.GITHUB_APP_ID !== undefined && env.GITHUB_PRIVATE_KEY !== undefined),
};
const need = (name: EnvName): SecretNeed => ({ variable: name, present: set(name) });

/**
 * What each service talks to the vendors with. The api verifies webhooks and answers Slack;
 * the worker posts statuses, messages and comments; the processor reads GitHub and Linear
 * to map events. Mirrors what the CDK hands each task (infra service-environment.ts).
 */
const VENDOR_SECRETS: Record<ServiceName, readonly SecretNeed[]> = {
  api: [
    GITHUB_CREDENTIALS,
    need('GITHUB_WEBHOOK_SECRET'),
    need('SLACK_SIGNING_SECRET'),
    need('SLACK_BOT_TOKEN'),
    need('LINEAR_API_KEY'),
    need('LINEAR_WEBHOOK_SECRET'),
  ],
  processor: [GITHUB_CREDENTIALS, need('LINEAR_API_KEY')],
  worker: [GITHUB_CREDENTIALS, need('SLACK_BOT_TOKEN'), need('LINEAR_API_KEY')],
};

/**
 * Fail closed: on a production stage (CLOS_STAGE_KIND=production) an empty vendor secret
 * would otherwise mean a silent dry-run — statuses never posted, for days. Returns one issue
 * per missing secret (and for a missing AUDIT_CHAIN_KEY, which dry-run does not excuse);
 * none outside production or for a process that is not a service.
 */
export function productionSecretIssues(env: Env, service: ServiceName | undefined): EnvIssue[] {
  if (env.CLOS_STAGE_KIND !== 'production' || service === undefined) return [];
  const issues: EnvIssue[] = [];
  if (env.AUDIT_CHAIN_KEY === undefined) {
    issues.push({ variable: 'AUDIT_CHAIN_KEY', message: 'is required when CLOS_STAGE_KIND=production' });
  }
  if (env.CLOS_DRY_RUN === true) return issues;
  for (const secret of VENDOR_SECRETS[service]) {
    if (!secret.present(env)) {
      issues.push({
        variable: secret.variable,
        message: `is required when CLOS_STAGE_KIND=production (the ${service} would silently send nothing); set CLOS_DRY_RUN=true to run without it`,
      });
    }
  }
  return issues;
}
