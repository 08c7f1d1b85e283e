import { randomUUID } from 'node:crypto';
import { standupReminderScheduleId } from '@clos/workflows';
import { pullRequestPayload, pushPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const POLICY_REPO = 'acme/policy';
const REPO = 'acme/eta-app';

/** A pod the pushed clos.yml adds (unique: schedules are namespace-wide). */
const NEW_POD = `theta-${randomUUID().slice(0, 8)}`;

const closYml = (limit: number | string, withNewPod = false): string => `org: acme
timezone: UTC
configRepo: ${POLICY_REPO}
pods:
  - id: eta
    name: Eta
    wipLimit: ${limit}
    repos: [${REPO}]
${withNewPod ? `  - id: ${NEW_POD}\n    name: Theta\n    wipLimit: 1\n    repos: [acme/${NEW_POD}]\n` : ''}`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: closYml(1) });
  stack.github.setFile(POLICY_REPO, 'clos.yml', closYml(1), 'main');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const at = (minute: number): string => new Date(Date.UTC(2025, 5, 4, 12, minute)).toISOString();

describe('clos.yml as code', () => {
  it('judges a pull request that changes clos.yml with a clos/config status', async () => {
    const bad = sha('policy-bad');
    stack.github.setFile(POLICY_REPO, 'clos.yml', closYml(0), bad);
    const badPr = pullRequestPayload({ repo: POLICY_REPO, number: 7, headSha: bad, action: 'opened', updatedAt: at(0) });
    expect((await stack.sendGithub('pull_request', badPr)).status).toBe(202);
    const red = await stack.github.waitForStatus({ repo: POLICY_REPO, sha: bad, context: 'clos/config', state: 'failure', timeoutMs: 20_000 });
    expect(red.description).toContain('pods[0].wipLimit');
    expect(red.description).toContain('(line 7)');
    const page = await stack.readStatusPage(red.targetUrl!, 'eta');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('pods[0].wipLimit');

    const good = sha('policy-good');
    stack.github.setFile(POLICY_REPO, 'clos.yml', closYml(2), good);
    const goodPr = pullRequestPayload({ repo: POLICY_REPO, number: 8, headSha: good, action: 'opened', updatedAt: at(1) });
    expect((await stack.sendGithub('pull_request', goodPr)).status).toBe(202);
    const green = await stack.github.waitForStatus({ repo: POLICY_REPO, sha: good, context: 'clos/config', state: 'success', timeoutMs: 20_000 });
    expect(green.description).toBe('clos.yml is valid: 1 pod, 0 projects');

    // A PR that leaves clos.yml alone gets no clos/config status.
    const other = sha('policy-readme');
    stack.github.setFile(POLICY_REPO, 'clos.yml', closYml(1), other);
    const otherPr = pullRequestPayload({ repo: POLICY_REPO, number: 9, headSha: other, action: 'opened', updatedAt: at(2) });
    expect((await stack.sendGithub('pull_request', otherPr)).status).toBe(202);
    await eventually('the event handled', async () => ((await stack.events()).every((e) => e.status === 'done') ? true : undefined));
    expect(stack.github.latestStatus(POLICY_REPO, other, 'clos/config')).toBeUndefined();
  }, 60_000);

  it('reloads clos.yml pushed to the config repository: a raised limit reaches the running workflow', async () => {
    const open = (n: number, minute: number) =>
      pullRequestPayload({ repo: REPO, number: n, headSha: sha(`eta-${n}`), action: 'opened', author: `dev${n}`, updatedAt: at(minute) });
    expect((await stack.sendGithub('pull_request', open(1, 10))).status).toBe(202);
    expect((await stack.sendGithub('pull_request', open(2, 11))).status).toBe(202);
    await stack.github.waitForStatus({ repo: REPO, sha: sha('eta-2'), context: 'clos/wip', state: 'failure', timeoutMs: 20_000 });

    // An invalid push changes nothing and says why on the commit.
    const broken = sha('policy-main-broken');
    stack.github.setFile(POLICY_REPO, 'clos.yml', closYml('two'), broken);
    const brokenPush = pushPayload({ repo: POLICY_REPO, before: sha('policy-main-0'), after: broken, modified: ['clos.yml'], at: at(12) });
    expect((await stack.sendGithub('push', brokenPush)).status).toBe(202);
    await stack.github.waitForStatus({ repo: POLICY_REPO, sha: broken, context: 'clos/config', state: 'failure', timeoutMs: 20_000 });
    expect(stack.config.current().pods[0]?.wipLimit).toBe(1);

    const raised = sha('policy-main-1');
    stack.github.setFile(POLICY_REPO, 'clos.yml', closYml(2, true), raised);
    const push = pushPayload({ repo: POLICY_REPO, before: broken, after: raised, modified: ['clos.yml'], at: at(13) });
    expect((await stack.sendGithub('push', push)).status).toBe(202);
    await stack.github.waitForStatus({ repo: REPO, sha: sha('eta-2'), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    expect(stack.config.current().pods[0]?.wipLimit).toBe(2);
    expect((await stack.wipState('eta'))?.policy.limit).toBe(2);
    await stack.github.waitForStatus({ repo: POLICY_REPO, sha: raised, context: 'clos/config', state: 'success' });
    const { rows } = await stack.pool.query<{ wip_limit: number }>('SELECT wip_limit FROM pods WHERE id = $1', ['eta']);
    expect(rows[0]?.wip_limit).toBe(2);
    // The push is the next version of the live policy (the broken one published nothing), audited with its diff.
    const versions = await stack.pool.query<{ version: string; source: string; commit_sha: string | null }>(
      'SELECT version, source, commit_sha FROM policy_versions ORDER BY version',
    );
    expect(versions.rows).toEqual([
      { version: '1', source: 'file', commit_sha: null },
      { version: '2', source: 'push', commit_sha: raised },
    ]);
    expect(stack.config.version()).toBe(2);
    const change = await stack.pool.query(`SELECT details FROM audit_log WHERE action = 'policy.change' AND target = 'policy:2'`);
    expect(change.rows[0].details).toMatchObject({ source: 'push', commitSha: raised, diff: expect.arrayContaining([{ path: 'pods[eta].wipLimit', from: 1, to: 2 }]) });

    // The pod the push added gets its standup reminder schedule without a restart.
    const schedule = stack.temporal.schedule.getHandle(standupReminderScheduleId(NEW_POD));
    const described = await eventually('the new pod’s standup schedule', () => schedule.describe().catch(() => undefined));
    expect(described.action).toMatchObject({ type: 'startWorkflow', taskQueue: stack.taskQueue });
    expect(described.spec.timezone).toBe('UTC');
    await schedule.delete();
  }, 60_000);
});
