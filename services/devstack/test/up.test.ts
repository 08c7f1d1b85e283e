import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import pg from 'pg';
import { findRepoRoot, getFreePorts } from '@clos/devstack';

/**
 * `npm run up` end to end: the real supervisor, on a throw-away data folder
 * and free ports, started twice to prove the second run reuses the data.
 */
const repoRoot = findRepoRoot();

interface Up {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startUp(env: NodeJS.ProcessEnv): Up {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts/up.mjs')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** The environment of a developer's shell: no external dependencies configured. */
function upEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'DYNAMODB_ENDPOINT', 'AWS_ENDPOINT_URL']) delete env[name];
  if (!overrides.CLOS_CONFIG) delete env.CLOS_CONFIG;
  return env;
}

async function waitHealthy(up: Up, url: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (up.child.exitCode !== null) throw new Error(`npm run up exited early:\n${up.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return await response.json();
      await response.body?.cancel();
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} not healthy within ${timeoutMs} ms:\n${up.output()}`);
}

/** Waits for `text` in the output: the banner comes once every service is up, which may be after /healthz answers. */
async function waitForOutput(up: Up, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!up.output().includes(text)) {
    if (up.child.exitCode !== null) throw new Error(`npm run up exited early:\n${up.output()}`);
    if (Date.now() > deadline) throw new Error(`"${text}" not printed within ${timeoutMs} ms:\n${up.output()}`);
    await sleep(250);
  }
}

async function stopUp(up: Up): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  up.child.kill('SIGTERM');
  return Promise.race([
    up.exited,
    sleep(45_000, undefined, { ref: false }).then(() => {
      throw new Error(`npm run up did not stop within 45 s:\n${up.output()}`);
    }),
  ]);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Processes whose command line mentions `needle` (the data folder): orphans if any. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(needle)) found.push(`${entry}: ${cmdline}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('npm run up', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'clos-up-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reaches a healthy /healthz, stops cleanly on SIGTERM, and a second run reuses the data', async () => {
    const [api, postgres, temporal, temporalUi, dynamodb] = await getFreePorts(5);
    const env = upEnv({
      CLOS_DATA_DIR: dataDir,
      PORT: String(api),
      CLOS_POSTGRES_PORT: String(postgres),
      CLOS_TEMPORAL_PORT: String(temporal),
      CLOS_TEMPORAL_UI_PORT: String(temporalUi),
      CLOS_DYNAMODB_PORT: String(dynamodb),
    });
    const healthz = `http://127.0.0.1:${api}/healthz`;
    const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${postgres}/clos`;
    const dynamo = new DynamoDBClient({ endpoint: `http://127.0.0.1:${dynamodb}` });

    // First run: everything is created.
    const first = startUp(env);
    try {
      expect(await waitHealthy(first, healthz, 180_000)).toEqual({
        status: 'ok',
        checks: { postgres: 'ok', temporal: 'ok', dynamodb: 'ok' },
      });
      // The api answers before the worker is up; the banner says everything is.
      await waitForOutput(first, `health       ${healthz}`, 120_000);
      await withPg(databaseUrl, async (client) => {
        await client.query('create table up_test_marker (note text)');
        await client.query("insert into up_test_marker values ('kept')");
      });
      await dynamo.send(
        new CreateTableCommand({
          TableName: 'up-test-marker',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } finally {
      const exit = await stopUp(first);
      expect(exit).toEqual({ code: 0, signal: null });
    }
    expect(first.output()).toMatch(/applied \d+ migration\(s\)/);
    expect(first.output()).toContain(`health       ${healthz}`);
    for (const port of [api, postgres, temporal, temporalUi, dynamodb]) expect(await portAnswers(port!)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);

    // Second run: the same data. (Healthy in well under 30 s on an idle machine; the bound here
    // is loose because the rest of the suite may be using every core meanwhile.)
    const second = startUp(env);
    try {
      await waitHealthy(second, healthz, 120_000);
      const rows = await withPg(databaseUrl, async (client) => (await client.query('select note from up_test_marker')).rows);
      expect(rows).toEqual([{ note: 'kept' }]);
      const tables = await dynamo.send(new ListTablesCommand({}));
      expect(tables.TableNames).toContain('up-test-marker');
    } finally {
      const exit = await stopUp(second);
      expect(exit).toEqual({ code: 0, signal: null });
      dynamo.destroy();
    }
    expect(second.output()).toContain('database up to date');
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 420_000);

  it('refuses a broken clos.yml with the file, the path inside it and the problem, before starting anything', async () => {
    const configFile = join(dataDir, 'broken-clos.yml');
    writeFileSync(
      configFile,
      ['org: acme', 'timezone: Europe/Berlin', 'pods:', '  - id: payments', '    name: Payments', '    wipLimit: 0', ''].join('\n'),
    );
    const run = startUp(upEnv({ CLOS_DATA_DIR: join(dataDir, 'broken'), CLOS_CONFIG: configFile }));
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.output()).toContain(configFile);
    expect(run.output()).toContain('pods[0].wipLimit');
    expect(run.output()).not.toContain('postgres |');
  }, 60_000);
});
