import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';
import { eventually } from './support/enforcement-stack.js';

/**
 * The stage-gate action run the way the GitHub runner runs it — `node gate-check.mjs` with its
 * inputs in INPUT_* variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files — against the real
 * api, whose project workflows run on the test stack's Temporal. No stand-in answers for the
 * api: a stand-in once answered the shape the action expected and hid that the real api nests
 * the verdict under `gate`.
 */
const ACTION = fileURLToPath(new URL('../../../.github/actions/gate-check/gate-check.mjs', import.meta.url));

const RUN = uniqueSuffix();
const POD = `gate-${RUN}`;
const SHIP = `ship-${RUN}`;
const IDLE = `idle-${RUN}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${POD}
    name: Gate
    wipLimit: 3
    repos: [acme/gate-${RUN}]
templates:
  - id: release-${RUN}
    name: Release
    stages:
      - id: design
        name: Design
        criteria:
          - { id: design-doc, type: evidence, description: Design document }
          - { id: threat-model, type: evidence, description: Threat model }
      - id: build
        name: Build
        criteria:
          - { id: release-notes, type: evidence }
      - id: done
        name: Done
projects:
  - { id: ${SHIP}, name: Ship, pod: ${POD}, template: release-${RUN} }
  - { id: ${IDLE}, name: Idle, pod: ${POD}, template: release-${RUN} }
`;

let stack: RestStack;
let apiUrl: string;
let reader: string;
let member: string;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML, workflows: true });
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  apiUrl = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  reader = (await stack.issue('ci', { [POD]: 'viewer' })).token;
  member = (await stack.issue('dev', { [POD]: 'member' })).token;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the action as the runner does: a fresh node process, inputs and output files in its environment. */
async function runAction(inputs: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'clos-gate-check-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [ACTION], { env }, (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }));
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code, stdout, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

const errorLine = (run: Run) => run.stdout.split('\n').find((line) => line.startsWith('::error'));

async function submit(criterionId: string): Promise<void> {
  const answer = await stack.call('POST', `/api/projects/${SHIP}/evidence`, { token: member, body: { criterionId, value: `https://docs.example/${criterionId}` } });
  expect(answer.statusCode).toBe(202);
}

async function stageOf(projectId: string, stageId: string): Promise<void> {
  await eventually(`${projectId} to reach ${stageId}`, async () => {
    const state = (await stack.call('GET', `/api/projects/${projectId}/stage`, { token: reader })).json<{ stage: { id: string } | null }>();
    return state.stage?.id === stageId ? true : undefined;
  });
}

describe('the gate-check action against the real api', () => {
  it('fails the job listing the missing criteria while the gate is unmet, and passes once it is met', async () => {
    await submit('design-doc');
    await eventually('the design document to count', async () => {
      const state = (await stack.call('GET', `/api/projects/${SHIP}/stage`, { token: reader })).json<{
        gate: { criteria: { criterionId: string; met: boolean }[] };
      }>();
      return state.gate.criteria.find((c) => c.criterionId === 'design-doc')?.met === true ? true : undefined;
    });

    const unmet = await runAction({ 'api-url': apiUrl, token: reader, project: SHIP });
    expect(unmet.code).toBe(1);
    expect(unmet.stdout).toContain(`::add-mask::${reader}`);
    expect(errorLine(unmet)).toMatch(
      new RegExp(`^::error title=CLOS stage gate::project "${SHIP}" has not met the gate of stage "design"%0AMissing criteria:%0A- threat-model: `),
    );
    expect(errorLine(unmet)).not.toContain('design-doc');
    expect(unmet.outputs.stage).toBe('design');
    expect(unmet.outputs.passed).toBe('false');
    expect(JSON.parse(unmet.outputs.missing!)).toEqual([expect.stringMatching(/^threat-model: /)]);
    expect(unmet.summary).toContain('- threat-model: ');

    // The design gate is met: the project moves into build by itself.
    await submit('threat-model');
    await stageOf(SHIP, 'build');
    const past = await runAction({ 'api-url': apiUrl, token: reader, project: SHIP, stage: 'design' });
    expect(past.code).toBe(0);
    expect(past.stdout).toContain(`project "${SHIP}" is in stage "build", past "design"`);
    const early = await runAction({ 'api-url': apiUrl, token: reader, project: SHIP, stage: 'done' });
    expect(early.code).toBe(1);
    expect(errorLine(early)).toContain(`project "${SHIP}" is in stage "build"; "done" is required%0AMissing criteria:%0A- release-notes`);
    const unknown = await runAction({ 'api-url': apiUrl, token: reader, project: SHIP, stage: 'ship' });
    expect(unknown.code).toBe(1);
    expect(errorLine(unknown)).toContain(`project "${SHIP}" has no stage "ship" (its stages: design, build, done)`);

    await submit('release-notes');
    await stageOf(SHIP, 'done');
    const met = await runAction({ 'api-url': apiUrl, token: reader, project: SHIP });
    expect(met.code).toBe(0);
    expect(met.stdout).toContain(`project "${SHIP}" has met the gate of stage "done"`);
    expect(met.outputs).toEqual({ stage: 'done', passed: 'true', missing: '[]' });
    expect((await runAction({ 'api-url': apiUrl, token: reader, project: SHIP, stage: 'done' })).code).toBe(0);
  }, 120_000);

  it('does not pass a project whose gate workflow never started', async () => {
    const run = await runAction({ 'api-url': apiUrl, token: reader, project: IDLE });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(`project "${IDLE}" has not started its stage workflow yet`);
  });

  it('says what is wrong when the api refuses or does not know the project', async () => {
    const refused = await runAction({ 'api-url': apiUrl, token: 'clos_not_a_token', project: SHIP });
    expect(refused.code).toBe(1);
    expect(errorLine(refused)).toContain('the CLOS API refused the token (HTTP 401)');
    const unknown = await runAction({ 'api-url': apiUrl, token: reader, project: `nope-${RUN}` });
    expect(unknown.code).toBe(1);
    expect(errorLine(unknown)).toContain(`the CLOS API knows no project "nope-${RUN}" (HTTP 404)`);
    const invalid = await runAction({ token: reader, 'api-url': 'ftp://x' });
    expect(invalid.code).toBe(1);
    expect(errorLine(invalid)).toContain('invalid inputs: api-url must be an http(s) URL, got "ftp://x"; project is required');
  });

  it('refuses an answer that is not a CLOS stage answer instead of reading it as a pass', async () => {
    // The api's own health answer: JSON, 200, but no gate in it.
    const run = await runAction({ 'api-url': `${apiUrl}/healthz?`, token: reader, project: SHIP });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('the CLOS API answer has no gate with "passed" and "criteria"');
    expect(run.outputs.passed).toBeUndefined();
  });
});
