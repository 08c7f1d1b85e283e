import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually } from './support/enforcement-stack.js';
import { githubExample, pullRequestPayload, pushPayload, sha } from './support/github-payloads.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * GET /api/projects/{id}/spec and `clos spec status` against real workflows: the spec-driven
 * template's phase, documents, tasks.md progress with each [VERIFY] task's check, attempts
 * and escalation, as the project's stage workflow knows them.
 */
const s = uniqueSuffix();
const POD = `specs-${s}`;
const OTHER = `other-${s}`;
const SPEC = `ledger-${s}`;
const DELIVERY = `plain-${s}`;
const REPO = `acme/specs-${s}`;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${POD}
    name: Specs
    wipLimit: 3
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
  - id: ${OTHER}
    name: Other
    wipLimit: 1
    repos: [acme/other-${s}]
projects:
  - id: ${SPEC}
    name: Ledger
    pod: ${POD}
    template: spec
  - id: ${DELIVERY}
    name: Plain
    pod: ${POD}
    template: delivery
`;

let stack: RestStack;
let member: string;
let outsider: string;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML, workflows: true });
  member = (await stack.issue('spec agent', { [POD]: 'member' })).token;
  outsider = (await stack.issue('other agent', { [OTHER]: 'member' })).token;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

const spec = async (token = member) => stack.call('GET', `/api/projects/${SPEC}/spec`, { token });

it('answers a spec that has not started: no phase, every document missing', async () => {
  const answer = await spec();
  expect(answer.statusCode).toBe(200);
  expect(answer.json()).toMatchObject({
    projectId: SPEC,
    running: false,
    phase: null,
    phases: ['research', 'requirements', 'design', 'tasks', 'execution', 'done'],
    documents: [
      { name: 'research', phase: 'research', path: `specs/${SPEC}/research.md`, present: false },
      { name: 'requirements', phase: 'requirements', present: false },
      { name: 'design', phase: 'design', present: false },
      { name: 'tasks', phase: 'tasks', present: false },
    ],
    tasks: { path: `specs/${SPEC}/tasks.md`, found: false, total: 0, done: 0, verify: [] },
    attempts: { failedRequests: 0, escalateAfter: 3 },
    escalation: { escalated: false, since: null },
    explainUrl: `/why/stage/${SPEC}`,
  });
});

it('follows the documents and tasks.md as they land, each [VERIFY] task with its check, then attempts and escalation', async () => {
  const enforcement = stack.enforcement!;
  const head = sha(`spec-pr-${s}`);
  const pr = pullRequestPayload({ repo: REPO, number: 1, headSha: head, action: 'opened', labels: [`project:${SPEC}`], updatedAt: new Date().toISOString() });
  expect((await enforcement.sendGithub('pull_request', pr)).status).toBe(202);
  const docs = ['research', 'requirements', 'design', 'tasks'].map((d) => `specs/${SPEC}/${d}.md`);
  for (const path of docs.slice(0, 3)) enforcement.github.setFile(REPO, path, `# ${path}\n`);
  enforcement.github.setFile(REPO, docs[3]!, '- [x] Model the ledger\n- [ ] Wire the API [VERIFY] ci/test\n- [x] Lint clean [VERIFY] `lint / eslint`\n');
  expect((await enforcement.sendGithub('push', pushPayload({ repo: REPO, before: sha('m0'), after: sha('m1'), added: docs }))).status).toBe(202);
  await eventually('the spec in execution', async () => ((await enforcement.stageState(SPEC))?.stage.id === 'execution' ? true : undefined), 30_000);
  const checkRun = githubExample('check_run', 'completed');
  checkRun.repository.full_name = REPO;
  checkRun.check_run.name = 'lint / eslint';
  checkRun.check_run.head_sha = head;
  checkRun.check_run.conclusion = 'success';
  checkRun.check_run.completed_at = new Date().toISOString();
  checkRun.check_run.pull_requests = [{ number: 1, head: { ref: 'x', sha: head }, base: { ref: 'main', sha: sha('base') } }];
  expect((await enforcement.sendGithub('check_run', checkRun)).status).toBe(202);
  await eventually('lint reported', async () => ((await enforcement.stageState(SPEC))?.facts.checks['lint / eslint'] === 'success' ? true : undefined));

  // Three refused advances escalate and pause the gate.
  for (let i = 0; i < 3; i++) expect((await stack.call('POST', `/api/projects/${SPEC}/advance`, { token: member })).statusCode).toBe(409);

  const answer = await spec();
  expect(answer.statusCode).toBe(200);
  const state = answer.json();
  expect(state).toMatchObject({
    running: true,
    phase: 'execution',
    documents: docs.map((path) => ({ path, present: true })),
    tasks: {
      found: true,
      total: 3,
      done: 2,
      verify: [
        { text: 'Wire the API [VERIFY] ci/test', done: false, checks: [{ name: 'ci/test', conclusion: null, green: false }], green: false },
        { text: 'Lint clean [VERIFY] `lint / eslint`', done: true, checks: [{ name: 'lint / eslint', conclusion: 'success', green: true }], green: true },
      ],
    },
    gate: { passed: false, criteria: [{ criterionId: 'tasks-verified', met: false }] },
    attempts: { failedRequests: 3, escalateAfter: 3 },
    escalation: { escalated: true },
  });
  expect(state.escalation.since).toEqual(expect.any(String));

  // The CLI reads the same route.
  const env = { ...process.env, CLOS_API_URL: await stack.app.listen({ port: 0, host: '127.0.0.1' }), CLOS_TOKEN: member };
  const run = (...args: string[]) => promisify(execFile)(process.execPath, ['scripts/run-ts.mjs', 'apps/cli/src/main.ts', ...args], { cwd: ROOT, env });
  const json = await run('spec', 'status', SPEC, '--json');
  expect(JSON.parse(json.stdout)).toEqual(state);
  const human = await run('spec', 'status', SPEC);
  expect(human.stdout).toContain(`Project ${SPEC} (template spec): phase execution`);
  expect(human.stdout).toContain('Tasks: 2/3 done');
  expect(human.stdout).toContain('[VERIFY] Wire the API [VERIFY] ci/test (ci/test: not reported)');
  expect(human.stdout).toContain('escalated and paused');
}, 120_000);

it('refuses another pod, names a template that is not spec-driven, and answers 401 without a token', async () => {
  expect((await spec(outsider)).statusCode).toBe(403);
  const plain = await stack.call('GET', `/api/projects/${DELIVERY}/spec`, { token: member });
  expect(plain.statusCode).toBe(404);
  expect(plain.json().error.message).toContain(`follows template delivery, which is not spec-driven`);
  expect((await stack.call('GET', '/api/projects/nope/spec', { token: member })).statusCode).toBe(404);
  expect((await stack.call('GET', `/api/projects/${SPEC}/spec`)).statusCode).toBe(401);
});
