import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import { createPool, loadConfig, LivePolicy, publishPolicy } from '@clos/platform';
import type pg from 'pg';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const FILE = `
org: acme
timezone: UTC
pods:
  - id: lp-payments
    name: Payments
    wipLimit: 3
    repos: [acme/lp-payments]
    members:
      - github: alice
        role: lead
`;

/** Resolves once `check` holds, polling every 20 ms; answers how long it took. */
async function waitFor(what: string, check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

function withLimit(config: ClosConfig, limit: number): ClosConfig {
  return { ...config, pods: config.pods.map((p) => ({ ...p, wipLimit: limit })) };
}

/** The policy versions a worker's log says it put in force, in order. */
function versionsInForce(worker: WorkerProcess): number[] {
  return worker
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"policy: new version in force"') || line.includes('"msg":"policy: following the live policy"'))
    .map((line) => (JSON.parse(line) as { version: number }).version);
}

describe('the live policy across OS processes', () => {
  const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
  let url: string;
  let file: string;
  let pool: pg.Pool;
  let api: LivePolicy;
  const workers: WorkerProcess[] = [];
  const startWorker = async (): Promise<WorkerProcess> => {
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      // A queue of its own: this worker must not take other tests' workflow tasks.
      TEMPORAL_TASK_QUEUE: `live-policy-${process.pid}-${Date.now()}`,
      DATABASE_URL: url,
      CLOS_CONFIG: file,
    });
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  beforeAll(async () => {
    url = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'clos-live-policy-'));
    file = join(dir, 'clos.yml');
    await writeFile(file, FILE);
    pool = createPool({ connectionString: url, max: 4 });
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await api?.stop();
    await pool.end();
  });

  it('a worker process boots from the file, follows a change published elsewhere within 2 s, and a restart boots the latest version', async () => {
    const first = await startWorker();
    expect(versionsInForce(first)).toEqual([1]);
    // This test process plays the api: its own LivePolicy, seeded by the same file (no new version).
    api = await LivePolicy.start({ pool, seed: { config: parseClosConfig(FILE, 'clos.yml'), text: FILE } });
    expect(api.version()).toBe(1);

    await api.publish({ config: withLimit(api.current(), 2), source: 'api', actor: 'token:test', reason: 'focus' });
    const tookMs = await waitFor('the worker process to take version 2', () => versionsInForce(first).includes(2), 2_000);
    expect(tookMs).toBeLessThan(2_000);

    first.kill('SIGTERM');
    await first.exited;
    // Published while no worker runs: the restarted one boots with it, not with its file.
    await publishPolicy(pool, { config: withLimit(api.current(), 1), source: 'api', actor: 'token:test' });
    const second = await startWorker();
    expect(versionsInForce(second)).toEqual([3]);
    const { rows } = await pool.query<{ version: string; source: string }>('SELECT version, source FROM policy_versions ORDER BY version');
    expect(rows).toEqual([
      { version: '1', source: 'file' },
      { version: '2', source: 'api' },
      { version: '3', source: 'api' },
    ]);
  });
});
