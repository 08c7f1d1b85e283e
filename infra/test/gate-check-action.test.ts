import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './synth-stage.js';

/**
 * The stage-gate action run the way the GitHub runner runs it: `node gate-check.mjs` with its
 * inputs in INPUT_* variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, against a local
 * HTTP server standing in for the CLOS API.
 */
const action = join(repoRoot, '.github/actions/gate-check/gate-check.mjs');
const TOKEN = 'clos_test_token_123';

type Answer = { status: number; body: unknown };
const projects = new Map<string, Answer>();
const requests: { url: string; authorization: string | undefined }[] = [];
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const match = /^\/api\/projects\/([^/]+)\/stage$/.exec(request.url ?? '');
    let answer: Answer = { status: 404, body: { error: 'not found' } };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) answer = { status: 401, body: { error: 'unauthorized' } };
    else if (match) answer = projects.get(decodeURIComponent(match[1]!)) ?? answer;
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const delivery = ['idea', 'discovery', 'build', 'launch', 'done'];
projects.set('checkout-v2', {
  status: 200,
  body: {
    project: 'checkout-v2',
    stage: 'build',
    stages: delivery,
    passed: false,
    missing: [
      { criterion: { id: 'design-doc', type: 'artifact', description: 'Design document' }, detail: 'specs/checkout-v2/design.md missing' },
      { criterion: { id: 'ci-green', type: 'checks' }, detail: 'ci/e2e not reported' },
    ],
  },
});
projects.set('search', { status: 200, body: { project: 'search', stage: { id: 'launch' }, stages: delivery, passed: true, missing: [] } });
projects.set('payments api', { status: 200, body: { stage: 'discovery', criteria: [{ id: 'brief', met: true }, { id: 'interviews', met: false, detail: '2/5 held' }] } });

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

async function runAction(inputs: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'clos-gate-check-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [action], { env }, (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }));
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code, stdout, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

const base = () => ({ 'api-url': apiUrl, token: TOKEN });

describe('the gate-check action', () => {
  it('passes when the current stage gate is met, asking with the bearer token and masking it', async () => {
    const run = await runAction({ ...base(), project: 'search' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(run.stdout).toContain('project "search" has met the gate of stage "launch"');
    expect(run.outputs).toEqual({ stage: 'launch', passed: 'true', missing: '[]' });
    expect(requests.at(-1)).toEqual({ url: '/api/projects/search/stage', authorization: `Bearer ${TOKEN}` });
  });

  it('fails the job listing the missing criteria', async () => {
    const run = await runAction({ ...base(), project: 'checkout-v2' });
    expect(run.code).toBe(1);
    const error = run.stdout.split('\n').find((line) => line.startsWith('::error'));
    expect(error).toBe(
      '::error title=CLOS stage gate::project "checkout-v2" has not met the gate of stage "build"%0AMissing criteria:%0A' +
        '- Design document: specs/checkout-v2/design.md missing%0A- ci-green: ci/e2e not reported',
    );
    expect(JSON.parse(run.outputs.missing!)).toEqual(['Design document: specs/checkout-v2/design.md missing', 'ci-green: ci/e2e not reported']);
    expect(run.summary).toContain('- Design document: specs/checkout-v2/design.md missing');
  });

  it('reads criteria given as a list with met flags, and escapes the project id in the path', async () => {
    const run = await runAction({ ...base(), project: 'payments api' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('- interviews: 2/5 held');
    expect(requests.at(-1)?.url).toBe('/api/projects/payments%20api/stage');
  });

  it('with a required stage, passes in that stage or a later one and fails before it', async () => {
    expect((await runAction({ ...base(), project: 'search', stage: 'build' })).code).toBe(0);
    expect((await runAction({ ...base(), project: 'checkout-v2', stage: 'build' })).code).toBe(0);
    const early = await runAction({ ...base(), project: 'checkout-v2', stage: 'launch' });
    expect(early.code).toBe(1);
    expect(early.stdout).toContain('project "checkout-v2" is in stage "build"; "launch" is required%0AMissing criteria:%0A- Design document');
    const unknown = await runAction({ ...base(), project: 'checkout-v2', stage: 'ship' });
    expect(unknown.stdout).toContain('project "checkout-v2" has no stage "ship" (its stages: idea, discovery, build, launch, done)');
  });

  it('says what is wrong when it cannot get an answer', async () => {
    expect((await runAction({ ...base(), token: 'wrong', project: 'search' })).stdout).toContain('the CLOS API refused the token (HTTP 401)');
    expect((await runAction({ ...base(), project: 'nope' })).stdout).toContain('the CLOS API knows no project "nope" (HTTP 404)');
    const missing = await runAction({ token: TOKEN, 'api-url': 'ftp://x' });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('invalid inputs: api-url must be an http(s) URL, got "ftp://x"; project is required');
    const down = await runAction({ 'api-url': 'http://127.0.0.1:9', token: TOKEN, project: 'search', 'timeout-seconds': '5' });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('cannot reach the CLOS API at http://127.0.0.1:9/api/projects/search/stage');
  });
});
