import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePorts } from '@clos/devstack';
import { runCli } from '../src/cli.js';

/** `clos doctor` on this machine: a port in use is a blocker (exit 1) with what to do; free ports pass. */
let dataDir: string;
let busy: Server;
let ports: number[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'clos-doctor-'));
  ports = await getFreePorts(7);
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(ports[0], '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

async function doctor(env: Record<string, string | undefined>, json = false) {
  let out = '';
  const code = await runCli(['doctor', ...(json ? ['--json'] : [])], {
    env: {
      PATH: process.env.PATH,
      CLOS_DATA_DIR: dataDir,
      CLOS_POSTGRES_PORT: String(ports[1]),
      CLOS_TEMPORAL_PORT: String(ports[2]),
      CLOS_TEMPORAL_UI_PORT: String(ports[3]),
      CLOS_DYNAMODB_PORT: String(ports[4]),
      CLOS_DEMO_GITHUB_PORT: String(ports[5]),
      CLOS_DEMO_PORT: String(ports[6]),
      ...env,
    },
    stdout: (text) => void (out += text),
    stderr: (text) => void (out += text),
    now: () => new Date(),
    user: 'test',
  });
  return { code, out };
}

test('a port in use is a blocker: exit 1, the port, its variable and the fix', async () => {
  const { code, out } = await doctor({ PORT: String(ports[0]) });
  expect(code).toBe(1);
  expect(out).toContain(`✗ ports`);
  expect(out).toContain(`${ports[0]} (api, PORT)`);
  expect(out).toContain(`fix: Stop what listens there`);
  expect(out).toMatch(/1 blocker/);
});

test('all free: exit 0, dry-run named for each vendor, JSON on request', async () => {
  const free = (await getFreePorts(1))[0]!;
  const { code, out } = await doctor({ PORT: String(free) }, true);
  const report = JSON.parse(out) as { ok: boolean; checks: { check: string; status: string; detail: string }[] };
  // Node and Python are this machine's: the test suite itself needs both.
  expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  expect(code).toBe(0);
  expect(report.ok).toBe(true);
  expect(report.checks.map((c) => c.check)).toEqual(['node', 'python', 'ports', 'data', 'credentials:github', 'credentials:linear', 'credentials:slack']);
  expect(report.checks.find((c) => c.check === 'credentials:github')?.detail).toContain('dry-run');
});
