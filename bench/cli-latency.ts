import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@clos/api';
import { insertToken } from '@clos/api/auth';
import { migrate } from '@clos/database';
import { ensureDatabase, withDatabase } from '@clos/devstack';
import { parseClosConfig } from '@clos/domain';
import { ConfigHolder, createPool, syncConfigToDb } from '@clos/platform';
import { Client, Connection } from '@temporalio/client';
import { ms, table } from './report/format.js';

/** What a person waits for at a terminal: `clos daily show`, from the Node start to the answer. */
export const CLI_TARGETS = { dailyShowP50Ms: 300 } as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI = join(ROOT, 'apps/cli/dist/src/main.js');

/** One command's wall-clock times over the runs. */
export interface CliTiming {
  label: string;
  command: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  /** p50 ÷ the bare Node start's p50, measured in the same run. */
  vsNodeStart: number;
}

/** Figures of the CLI latency benchmark. */
export interface CliBenchResult {
  runs: number;
  timings: CliTiming[];
  missedTargets: string[];
}

const CLOS_YML = `
org: bench
timezone: UTC
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    repos: [bench/payments]
    members:
      - { github: alice, role: lead }
`;

/**
 * Times `clos daily show` as a person runs it, each run a new Node process against the real
 * api (its own database, migrated, one check-in): the built command (`node
 * apps/cli/dist/src/main.js`, what an installed CLI runs), and from the sources as `npm run
 * clos` runs them; beside them the floor, a bare `node -e 0`, so the ratio tells what CLOS
 * adds to a Node start on this machine.
 */
export async function runCliLatencyBenchmark(postgresAdminUrl: string, temporalAddress: string, runs: number, log: (line: string) => void): Promise<CliBenchResult> {
  if (!existsSync(BUILT_CLI)) {
    log('cli: building the workspaces (npm run build) for the built command');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const database = `clos_cli_${process.pid}`;
  await ensureDatabase(postgresAdminUrl, database);
  const databaseUrl = withDatabase(postgresAdminUrl, database);
  await migrate({ databaseUrl });
  const pool = createPool({ connectionString: databaseUrl, max: 4, applicationName: 'clos-bench-cli' });
  const config = parseClosConfig(CLOS_YML, 'clos.yml');
  await syncConfigToDb(pool, config);
  const connection = Connection.lazy({ address: temporalAddress });
  const dataKeys = { currentId: 'bench', keys: new Map([['bench', randomBytes(32)]]) };
  const app = await buildServer({
    healthChecks: [],
    rest: { pool, temporal: new Client({ connection }), config: new ConfigHolder(config), dataKeys, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } },
  });
  const configDir = mkdtempSync(join(tmpdir(), 'clos-bench-cli-'));
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { token } = await insertToken(pool, { name: 'bench', roles: { payments: 'lead' }, expiresAt: null, createdBy: 'bench', personId: 'alice' });
    const env = { ...process.env, CLOS_API_URL: url, CLOS_TOKEN: token, HOME: configDir, XDG_CONFIG_HOME: configDir };
    // Run as a child the api (in this process) answers: never a synchronous spawn here.
    await timeProcess(process.execPath, [BUILT_CLI, 'daily', 'checkin', '--energy', 'high', '--stress', '3', '--mission', 'Ship the pricing page'], env);

    const commands = [
      { label: 'node start (floor)', command: 'node -e 0', args: ['-e', '0'] },
      { label: 'clos daily show, built', command: 'node apps/cli/dist/src/main.js daily show', args: [BUILT_CLI, 'daily', 'show'] },
      { label: 'clos daily show, from sources', command: 'node scripts/run-ts.mjs apps/cli/src/main.ts daily show', args: [join(ROOT, 'scripts/run-ts.mjs'), join(ROOT, 'apps/cli/src/main.ts'), 'daily', 'show'] },
    ];
    const samples = new Map<string, number[]>(commands.map((c) => [c.label, []]));
    // Interleaved, one of each per round, so a busy moment of the machine hits them alike.
    for (let round = 0; round < runs + 1; round++) {
      for (const c of commands) {
        const took = await timeProcess(process.execPath, c.args, env);
        // The first round warms the file cache and is not counted.
        if (round > 0) samples.get(c.label)!.push(took);
      }
    }
    const floor = percentile(samples.get(commands[0]!.label)!, 50);
    const timings = commands.map((c) => {
      const times = samples.get(c.label)!;
      const p50 = percentile(times, 50);
      return { label: c.label, command: c.command, runs: times.length, p50Ms: p50, p95Ms: percentile(times, 95), vsNodeStart: p50 / floor };
    });
    const built = timings[1]!;
    const missedTargets = built.p50Ms < CLI_TARGETS.dailyShowP50Ms ? [] : [`clos daily show (built) p50 ${ms(built.p50Ms)} ms ≥ ${CLI_TARGETS.dailyShowP50Ms} ms`];
    log(`cli: ${runs} runs each; daily show built p50 ${ms(built.p50Ms)} ms`);
    return { runs, timings, missedTargets };
  } finally {
    await app.close();
    await connection.close().catch(() => undefined);
    await pool.end();
    rmSync(configDir, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning `command` to its exit; throws on a non-zero exit. */
function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const took = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(took);
      else reject(new Error(`${[command, ...args].join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
    });
  });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The report: each command's p50/p95 and its ratio to a bare Node start. */
export function formatCliBench(result: CliBenchResult): string {
  const rows = result.timings.map((t) => [t.label, String(t.runs), ms(t.p50Ms), ms(t.p95Ms), `${t.vsNodeStart.toFixed(1)}×`]);
  const verdict = result.missedTargets.length === 0 ? `target met: daily show (built) p50 < ${CLI_TARGETS.dailyShowP50Ms} ms` : `MISSED: ${result.missedTargets.join('; ')}`;
  return `CLI latency (each run a new process)\n${table(['command', 'runs', 'p50', 'p95', 'p50 ÷ node start'], rows)}\n${verdict}`;
}

/** Writes the figures as JSON. */
export function writeCliResults(file: string, result: CliBenchResult & { startedAt: string; finishedAt: string; machine: unknown; loadAverageAtEnd: unknown }): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
