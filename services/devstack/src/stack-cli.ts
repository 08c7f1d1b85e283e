import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeExit } from './managed-process.js';
import { onShutdownSignal } from './shutdown-signal.js';
import { STACK_COMPONENTS, type StackComponent } from './stack.js';
import { markStackDirOwner, removeStaleStackDirs, STACK_DIR_PREFIX } from './stale-stack-dirs.js';
import { startTestStack } from './test-stack.js';

/**
 * Starts a throw-away local stack and prints ONE JSON line with its endpoints
 * (see TestStackEndpoints) on stdout; everything else goes to stderr. Runs
 * until its stdin closes — so it cannot outlive the process that started it —
 * or until SIGINT/SIGTERM, then stops every component and deletes its folder.
 *
 *   stack-cli [--components postgres,temporal,dynalite,moto] [--dir <folder>]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { components: { type: 'string' }, dir: { type: 'string' } },
  });
  const components = parseComponents(values.components);
  const ownDir = values.dir === undefined;
  if (ownDir) await removeStaleStackDirs(tmpdir());
  const dir = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), STACK_DIR_PREFIX));
  if (ownDir) markStackDirOwner(dir, fileURLToPath(import.meta.url));

  let stopRequested: (() => void) | undefined;
  const stopped = new Promise<void>((resolveStop) => (stopRequested = resolveStop));
  onShutdownSignal(() => stopRequested?.());
  process.stdin.on('end', () => stopRequested?.());
  process.stdin.on('close', () => stopRequested?.());
  process.stdin.resume();

  const cleanup = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  let started;
  try {
    started = await startTestStack(components, dir, (line) => console.error(`stack: ${line}`));
  } catch (error) {
    cleanup();
    throw error;
  }
  const { stack, endpoints } = started;
  let shuttingDown = false;
  for (const component of [stack.postgres, stack.temporal, stack.dynalite, stack.moto]) {
    void component?.process.exited.then((info) => {
      if (!shuttingDown) {
        console.error(`stack: ${component.process.name} ${describeExit(info)}\n${component.process.recentOutput()}`);
      }
    });
  }
  process.stdout.write(JSON.stringify(endpoints) + '\n');

  await stopped;
  shuttingDown = true;
  await stack.stop();
  cleanup();
}

function parseComponents(value: string | undefined): StackComponent[] {
  if (value === undefined) return [...STACK_COMPONENTS];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(STACK_COMPONENTS as readonly string[]).includes(name)) {
      throw new Error(`unknown component "${name}" (known: ${STACK_COMPONENTS.join(', ')})`);
    }
  }
  return names as StackComponent[];
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
