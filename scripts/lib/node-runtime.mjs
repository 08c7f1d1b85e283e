#!/usr/bin/env node
// The Node.js CLOS runs on is the one `.nvmrc` names (the current LTS its dependencies ask
// for). A machine with an older Node gets that version from the npm registry — the official
// binary as published in the `node-<platform>-<arch>` package — under .tools/node/<version>,
// and the command runs again on it, its folder first on PATH so every child process (npm,
// jest, the services) runs on it too. A machine that already has that major runs as it is.
//
//   node scripts/lib/node-runtime.mjs --bin-dir   prints the folder of the right `node`
//                                                  (installing it when needed): for shells.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The pinned version, e.g. `24.22.3`, and its major. */
export function pinnedNode(root = repoRoot) {
  const version = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`.nvmrc must name one exact Node version (e.g. 24.22.3), not "${version}"`);
  return { version, major: Number(version.split('.')[0]) };
}

/** Whether this process already runs on the pinned major (or `CLOS_NODE=system` says to use it as it is). */
export function runsOnPinnedNode(root = repoRoot) {
  if (process.env.CLOS_NODE === 'system') return true;
  return Number(process.versions.node.split('.')[0]) === pinnedNode(root).major;
}

/** The `bin` folder of the pinned Node under .tools, installed from the npm registry when missing. */
export function installPinnedNode(root = repoRoot) {
  const { version } = pinnedNode(root);
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = join(root, '.tools', 'node', version);
  const binDir = process.platform === 'win32' ? join(prefix, 'node_modules', pkg) : join(prefix, 'node_modules', pkg, 'bin');
  const node = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(node)) return binDir;
  console.error(`Node ${version} (from .nvmrc) is not on this machine (it has ${process.versions.node}): installing ${pkg}@${version} under .tools/node`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`],
    // npm's report goes to stderr: a shell reading --bin-dir's answer on stdout gets the folder only.
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  if (result.status !== 0 || !existsSync(node)) {
    console.error(`could not install Node ${version} (${pkg}) from the npm registry; install Node ${version} yourself (nvm install), or set CLOS_NODE=system to run on ${process.versions.node}`);
    process.exit(result.status || 1);
  }
  return binDir;
}

/**
 * Runs this very command again on the pinned Node when this process runs on another major;
 * returns (doing nothing) when it already runs on it. The re-run inherits the terminal and
 * the signals; this process ends with its status.
 */
export function ensureNodeRuntime(root = repoRoot) {
  if (runsOnPinnedNode(root)) return;
  const binDir = installPinnedNode(root);
  const node = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    process.exit(code ?? 128 + (signals[signal] ?? 1));
  });
  // Nothing more of this process runs: the caller waits for the child's exit.
  return new Promise(() => undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--bin-dir') {
    console.error('usage: node scripts/lib/node-runtime.mjs --bin-dir');
    process.exit(2);
  }
  console.log(runsOnPinnedNode() ? dirname(process.execPath) : installPinnedNode());
}
