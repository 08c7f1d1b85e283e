import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

/**
 * `clos doctor`: checks the machine for `npm run up` — Node against engines, Python for the
 * pinned tools, the ports, the data folder, credentials or dry-run — and says what to fix.
 * Reports a blocker through `onBlocker`, which makes the command exit 1.
 */
export function registerDoctorCommand(program: Command, io: CliIo, onBlocker: () => void): void {
  program
    .command('doctor')
    .description('Check this machine for `npm run up` (Node, Python, ports, data folder, credentials) and say what to fix; exit 1 on a blocker')
    .option('--json', 'print the findings as JSON')
    .action(async (options: { json?: boolean }) => {
      // The doctor's subject is the environment itself: it reads the variables `npm run up` would.
      const env = io.env ?? process.env;
      // Loaded on use: the probes reach into the local stack's package, heavy for other commands.
      const [{ findRepoRoot }, { diagnose, formatReport, hasBlocker, probeEnvironment }] = await Promise.all([import('@clos/devstack'), import('../doctor/index.js')]);
      const facts = await probeEnvironment({ env, cwd: process.cwd(), repoRoot: findRepoRoot() });
      const results = diagnose(facts);
      io.stdout(options.json === true ? JSON.stringify({ ok: !hasBlocker(results), checks: results }, null, 2) + '\n' : formatReport(results));
      if (hasBlocker(results)) onBlocker();
    });
}
