import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Options of {@link createTestNamespace}. */
export interface CreateTestNamespaceOptions {
  /** host:port of the Temporal front end; default TEMPORAL_ADDRESS set by the jest global setup. */
  address?: string;
  /** The pinned `temporal` CLI; default CLOS_TEMPORAL_CLI_PATH set by the jest global setup. */
  cli?: string;
}

/**
 * A Temporal namespace of its own for one test file: its workflow ids and schedules (the
 * status reconciler's, the pod health scan's, which have fixed ids) meet no other test's.
 * Usable as soon as this resolves; lives until the run's Temporal server stops.
 */
export async function createTestNamespace(options: CreateTestNamespaceOptions = {}): Promise<string> {
  const address = options.address ?? fromEnv('TEMPORAL_ADDRESS');
  const cli = options.cli ?? fromEnv('CLOS_TEMPORAL_CLI_PATH');
  const namespace = `clos-test-${randomBytes(6).toString('hex')}`;
  await execFileAsync(cli, ['operator', 'namespace', 'create', '--namespace', namespace, '--address', address, '--retention', '24h'], {
    timeout: 30_000,
  });
  return namespace;
}

function fromEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through \`npm test\` (the jest global setup starts Temporal)`);
  return value;
}
