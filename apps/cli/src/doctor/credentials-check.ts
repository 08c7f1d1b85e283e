import type { CheckResult } from './doctor-check.js';

type Env = Record<string, string | undefined>;

const set = (env: Env, name: string) => (env[name]?.trim() ?? '') !== '';

/**
 * GitHub, Linear and Slack credentials: each vendor is real (all it needs is set), dry-run
 * (none set: outbound calls go to a sink that logs them) or half-configured (a blocker). With
 * `CLOS_STAGE_KIND=production`, dry-run is a blocker unless `CLOS_DRY_RUN=true` says it is meant.
 */
export function checkCredentials(env: Env): CheckResult[] {
  const production = env.CLOS_STAGE_KIND?.trim() === 'production';
  const dryRunMeant = env.CLOS_DRY_RUN?.trim() === 'true';
  const vendors: { name: string; groups: string[][]; webhook?: string }[] = [
    { name: 'GitHub', groups: [['GITHUB_TOKEN'], ['GITHUB_APP_ID', 'GITHUB_PRIVATE_KEY']], webhook: 'GITHUB_WEBHOOK_SECRET' },
    { name: 'Linear', groups: [['LINEAR_API_KEY']], webhook: 'LINEAR_WEBHOOK_SECRET' },
    { name: 'Slack', groups: [['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']] },
  ];
  return vendors.map(({ name, groups, webhook }) => {
    const complete = groups.find((group) => group.every((v) => set(env, v)));
    const partial = groups.flat().filter((v) => set(env, v));
    const check = `credentials:${name.toLowerCase()}`;
    if (complete !== undefined) {
      const hook = webhook !== undefined && !set(env, webhook) ? `; ${webhook} is not set, so its webhooks are refused` : '';
      return {
        check,
        status: hook === '' ? 'ok' : 'warn',
        detail: `${name}: real API (${complete.join(' + ')})${hook}`,
        ...(hook !== '' ? { fix: `Set ${webhook} to the secret the ${name} webhook signs with.` } : {}),
      } satisfies CheckResult;
    }
    if (partial.length > 0) {
      const wanted = groups.map((g) => g.join(' + ')).join(' or ');
      return { check, status: 'fail', detail: `${name}: only ${partial.join(', ')} is set; it needs ${wanted}`, fix: `Set the rest of ${wanted}, or unset ${partial.join(', ')} for dry-run.` } satisfies CheckResult;
    }
    if (production && !dryRunMeant) {
      return {
        check,
        status: 'fail',
        detail: `${name}: no credentials, and CLOS_STAGE_KIND=production refuses to start without them`,
        fix: `Set ${groups.map((g) => g.join(' + ')).join(' or ')}, or CLOS_DRY_RUN=true to run without on purpose.`,
      } satisfies CheckResult;
    }
    return { check, status: 'ok', detail: `${name}: dry-run — no credentials, so what would be sent is logged instead` } satisfies CheckResult;
  });
}
