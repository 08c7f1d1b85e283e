import type { Command } from 'commander';
import { ClosError } from '@clos/domain/errors';
import type { CliIo } from '../cli-io.js';
import type { BlockedAnswer } from '../demo/index.js';

/** `clos demo …`: acts in the demo organisation `npm run up` runs. */
export function registerDemoCommands(program: Command, io: CliIo): void {
  const demo = program.command('demo').description('Act in the running demo of `npm run up`');
  demo
    .command('open-pr')
    .description("Open a pull request over a pod's WIP limit and print the link to its \"why blocked\" page")
    .option('--pod <id>', 'the pod', 'alpha')
    .option('--json', 'print JSON')
    .action(async (options: { pod: string; json?: boolean }) => {
      // Where `npm run up` keeps its data: the same variables it reads (loaded on use: heavy).
      const { findRepoRoot, loadUpConfig, readDemoSettings } = await import('@clos/devstack');
      const up = loadUpConfig(io.env ?? process.env, process.cwd(), findRepoRoot());
      const settings = readDemoSettings(up.dataDir);
      const notRunning = `no demo is running on ${up.dataDir}: start it with \`npm run up\` (the demo organisation, or any config with \`-- --demo\`)`;
      if (settings === undefined) throw new ClosError('Unavailable', notRunning);
      const call = io.fetch ?? fetch;
      const response = await call(`http://127.0.0.1:${settings.controlPort}/pull-requests/blocked?pod=${encodeURIComponent(options.pod)}`, { method: 'POST' }).catch(() => {
        throw new ClosError('Unavailable', notRunning);
      });
      const body = (await response.json()) as BlockedAnswer | { error: string };
      if ('error' in body) throw new ClosError(response.status === 404 ? 'NotFound' : 'Unavailable', body.error);
      if (options.json === true) {
        io.stdout(JSON.stringify(body, null, 2) + '\n');
        return;
      }
      io.stdout(
        `Opened ${body.repo}#${body.number} in pod ${body.podId}, over its WIP limit: clos/wip is ${body.state === 'failure' ? 'red' : body.state}` +
          `${body.reason !== null ? ` — ${body.reason}` : ''}\n` +
          `Why blocked: ${body.whyUrl ?? '(no link)'}\n`,
      );
    });
}
