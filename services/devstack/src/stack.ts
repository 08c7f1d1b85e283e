import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDynalite, type RunningDynalite } from './dynalite.js';
import { getFreePorts } from './free-port.js';
import { startMoto, type RunningMoto } from './moto.js';
import { startPostgres, type RunningPostgres } from './postgres.js';
import { startTemporal, type RunningTemporal } from './temporal.js';

/** The servers the local stack can run. */
export const STACK_COMPONENTS = ['postgres', 'temporal', 'dynalite', 'moto'] as const;
export type StackComponent = (typeof STACK_COMPONENTS)[number];

/** Options of {@link startStack}. */
export interface StartStackOptions {
  components: readonly StackComponent[];
  /** Where the components keep their data (`postgres/`, `temporal.db`, `dynamodb/`) and pid files (`run/`). */
  dir: string;
  /**
   * Keep data across runs (npm run up). A non-persistent stack (tests) trades
   * durability for speed and keeps Temporal and dynalite in memory.
   */
  persistent: boolean;
  /** Fixed ports; any component without one gets a free port. */
  ports?: { postgres?: number; temporal?: number; temporalUi?: number; dynalite?: number; moto?: number };
  /** Serve the Temporal Web UI. */
  temporalUi?: boolean;
  /** Tool binaries; the pinned ones of ensureTools when omitted. */
  binaries?: { temporal?: string; moto?: string };
  onLine?: (component: StackComponent, line: string) => void;
}

/** The running components (those asked for) and one stop for all of them. */
export interface RunningStack {
  postgres?: RunningPostgres;
  temporal?: RunningTemporal;
  dynalite?: RunningDynalite;
  moto?: RunningMoto;
  stop(): Promise<void>;
}

/**
 * Starts the requested components in parallel. If any fails to start, the
 * ones that did are stopped again and the first error is thrown.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const want = new Set(options.components);
  const { dir, persistent } = options;
  mkdirSync(dir, { recursive: true });
  const [pgPort, temporalPort, uiPort, dynalitePort, motoPort] = await getFreePorts(5);
  const ports = {
    postgres: options.ports?.postgres ?? pgPort!,
    temporal: options.ports?.temporal ?? temporalPort!,
    temporalUi: options.ports?.temporalUi ?? uiPort!,
    dynalite: options.ports?.dynalite ?? dynalitePort!,
    moto: options.ports?.moto ?? motoPort!,
  };
  // Pid files let a later start stop the orphans of a run that was killed outright.
  const pidFile = (name: string) => ({ pidFile: join(dir, 'run', `${name}.pid`) });
  const lines = (component: StackComponent) =>
    options.onLine ? { onLine: (line: string) => options.onLine?.(component, line) } : {};

  const stack: RunningStack = { stop: async () => undefined };
  const starts: Promise<unknown>[] = [];
  if (want.has('postgres')) {
    starts.push(
      startPostgres({
        dataDir: join(dir, 'postgres'),
        port: ports.postgres,
        ephemeral: !persistent,
        ...pidFile('postgres'),
        ...lines('postgres'),
      }).then((started) => (stack.postgres = started)),
    );
  }
  if (want.has('temporal')) {
    starts.push(
      startTemporal({
        port: ports.temporal,
        ...(options.binaries?.temporal ? { binary: options.binaries.temporal } : {}),
        ...(persistent ? { dbFile: join(dir, 'temporal.db') } : {}),
        ...(options.temporalUi ? { uiPort: ports.temporalUi } : {}),
        ...pidFile('temporal'),
        ...lines('temporal'),
      }).then((started) => (stack.temporal = started)),
    );
  }
  if (want.has('dynalite')) {
    starts.push(
      startDynalite({
        port: ports.dynalite,
        ...(persistent ? { path: join(dir, 'dynamodb') } : {}),
        ...pidFile('dynalite'),
        ...lines('dynalite'),
      }).then((started) => (stack.dynalite = started)),
    );
  }
  if (want.has('moto')) {
    starts.push(
      startMoto({
        port: ports.moto,
        ...(options.binaries?.moto ? { binary: options.binaries.moto } : {}),
        ...pidFile('moto'),
        ...lines('moto'),
      }).then((started) => (stack.moto = started)),
    );
  }

  stack.stop = async () => {
    await Promise.all([stack.postgres, stack.temporal, stack.dynalite, stack.moto].map((c) => c?.stop()));
  };
  const results = await Promise.allSettled(starts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stack.stop();
    throw failure.reason;
  }
  return stack;
}
