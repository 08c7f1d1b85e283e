import { ClosError } from '@clos/domain/errors';
import type { AuditChainProblem } from '@clos/platform';
import { loadSettings } from '../settings.js';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

/**
 * `clos audit verify`: recomputes the audit chain under AUDIT_CHAIN_KEY and compares its head
 * with the checkpoint kept outside the database (AUDIT_CHECKPOINT_BUCKET, else the file under
 * CLOS_DATA_DIR). It reads Postgres directly (DATABASE_URL) rather than asking the api: an
 * audit must not rest on the word of the process it audits, and it works while the api is
 * down. GET /api/audit/verify answers the same question over HTTP.
 */
export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('Check the audit log (reads DATABASE_URL, AUDIT_CHAIN_KEY)');
  audit
    .command('verify')
    .description("Recompute the audit log's keyed hash chain and compare its head with the checkpoint")
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await auditVerifyCommand(io, options);
    });
}

/** Runs the verification; throws (exit 1) when the log is not intact. */
export async function auditVerifyCommand(io: CliIo, options: { json?: boolean }): Promise<void> {
  const { env } = await loadSettings({ ...(io.env !== undefined ? { env: io.env } : {}), require: ['DATABASE_URL'] });
  // Loaded here, not at start: the database and AWS clients are for this command only.
  const { checkAuditCheckpoint, createAuditCheckpointStore, createPool, verifyAuditChain } = await import('@clos/platform');
  const pool = createPool({ connectionString: env.DATABASE_URL, max: 1, applicationName: 'clos-cli', auditChainKey: env.AUDIT_CHAIN_KEY });
  try {
    const store = createAuditCheckpointStore(env);
    const chain = await verifyAuditChain(pool);
    const anchored = await checkAuditCheckpoint(pool, store);
    const problems: AuditChainProblem[] = [...chain, ...anchored.problems];
    const { rows } = await pool.query<{ entries: string }>('SELECT count(*)::text AS entries FROM audit_log');
    const result = {
      intact: problems.length === 0,
      entries: Number(rows[0]!.entries),
      keyed: env.AUDIT_CHAIN_KEY !== undefined,
      checkpoint: anchored.checkpoint === undefined ? null : { ...anchored.checkpoint, location: anchored.location },
      problems,
    };
    if (options.json) {
      io.stdout(JSON.stringify(result, null, 2) + '\n');
    } else {
      io.stdout(`${result.entries} entries, ${result.keyed ? 'checked under AUDIT_CHAIN_KEY' : 'no AUDIT_CHAIN_KEY: keyed entries cannot be checked'}\n`);
      io.stdout(
        result.checkpoint === null
          ? `no checkpoint yet at ${anchored.location}\n`
          : `checkpoint: entry ${result.checkpoint.id} at ${result.checkpoint.at} (${anchored.location})\n`,
      );
      for (const problem of problems) io.stdout(`entry ${problem.id}: ${problem.problem}\n`);
      if (result.intact) io.stdout('intact\n');
    }
    if (!result.intact) {
      throw new ClosError('Conflict', `the audit log is not intact: ${problems.length} problem(s)`);
    }
  } finally {
    await pool.end();
  }
}
