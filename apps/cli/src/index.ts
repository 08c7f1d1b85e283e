/** @clos/cli — the `clos` command. */
export { runCli, type ExitCode } from './cli.js';
export type { CliIo } from './cli-io.js';
export { formatTable } from './format-table.js';
