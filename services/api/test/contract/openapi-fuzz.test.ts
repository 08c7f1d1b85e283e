import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from '@clos/devstack';
import { startRestStack, uniqueSuffix, type RestStack } from '../rest-stack.js';

/**
 * The contract is the truth: schemathesis reads the published /openapi.json and throws
 * generated requests — valid and invalid, every operation, every check it has (server errors,
 * status codes, content types, response schemas, headers, refused valid data, accepted
 * invalid data, undeclared methods, auth, stateful links) — at the real api on the real
 * stack with an admin token, and must find nothing. Data-driven: new routes are covered as
 * soon as they are in the document.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
projects:
  - id: checkout-${s}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

/** Cases per operation and phase: enough to find the classes of bugs, bounded for 2 cores. */
const MAX_EXAMPLES = 5;

let stack: RestStack;
let baseUrl: string;
let reportDir: string;

beforeAll(async () => {
  stack = await startRestStack({
    closYml: CLOS_YML,
    // The enforcement worker runs the digest workflows too, so POST /api/digests completes.
    workflows: true,
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    // The leadership routes serve only with a key for their encrypted text.
    dataKeys: { currentId: 'fuzz', keys: new Map([['fuzz', randomBytes(32)]]) },
  });
  baseUrl = await stack.app.listen({ port: 0, host: '127.0.0.1' });
  reportDir = mkdtempSync(join(tmpdir(), 'clos-fuzz-'));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (reportDir) rmSync(reportDir, { recursive: true, force: true });
});

/** What the run is told that the document cannot say, each narrow and with its reason. */
function schemathesisConfig(spareTokenId: string): string {
  return [
    '[[operations]]',
    'include-name = "POST /api/tokens"',
    '# "expiresAt must be in the future" depends on the clock, which JSON Schema cannot state.',
    'checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]',
    '',
    '[[operations]]',
    'include-name = "DELETE /api/tokens/{tokenId}"',
    "# Revoke a spare token, not the run's own (the stateful phase finds its id in GET /api/tokens).",
    `parameters = { "path.tokenId" = "${spareTokenId}" }`,
    '',
  ].join('\n');
}

it('finds no failure anywhere in /openapi.json', async () => {
  const { schemathesis } = await ensureTools({ tools: ['schemathesis'] });
  // Acting for Alice, so the leadership routes (a person's own record) answer as well.
  const { token } = await stack.issue('contract fuzzer', { '*': 'admin' }, null, 'alice');
  const spare = await stack.issue('spare, revoked by the fuzzer', { '*': 'viewer' });
  const configFile = join(reportDir, 'schemathesis.toml');
  writeFileSync(configFile, schemathesisConfig(spare.id));
  const junitFile = join(reportDir, 'junit.xml');
  const args = [
    '--config-file',
    configFile,
    'run',
    `${baseUrl}/openapi.json`,
    '--checks',
    'all',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    '20261205',
    // One worker thread: Python 3.11's ast module is not safe across threads, and the fuzzer's
    // engine parses sources while describing its strategies ("AST constructor recursion depth
    // mismatch" under two workers, now and then).
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--header',
    `Authorization: Bearer ${token}`,
    '--report',
    'junit',
    '--report-junit-path',
    junitFile,
  ];
  const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // In the report folder: schemathesis keeps a cache (.schemathesis/) in its working directory.
    const child = spawn(schemathesis, args, { cwd: reportDir, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
  // On failure the whole report is the message: what was sent, what came back, how to replay it.
  expect({ exitCode: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ exitCode: 0, output: '' });
  const junit = readFileSync(junitFile, 'utf8');
  const suites = [...junit.matchAll(/<testsuite\b[^>]*>/g)].map(([tag]) => tag);
  expect(suites.length).toBeGreaterThan(0);
  for (const suite of suites) {
    expect(suite).toMatch(/failures="0"/);
    expect(suite).toMatch(/errors="0"/);
  }
  // The run's own token survived it: every operation was exercised as an admin, not as a stranger.
  expect((await stack.call('GET', '/api/me', { token })).statusCode).toBe(200);
}, 900_000);
