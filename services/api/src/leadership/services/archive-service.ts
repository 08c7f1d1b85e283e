import { ClosError, forbidden } from '@clos/domain';
import { digestOf, exportArchive, replaceWithArchive, type ArchiveDigest, type LeadershipArchive, withTransaction } from '@clos/platform';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { leadershipCallers } from './leadership-context.js';

/** What export and backup receive: the person's whole record in plain text and its digest. */
export interface ArchiveExport {
  personId: string;
  exportedAt: string;
  tables: LeadershipArchive;
  digest: ArchiveDigest;
}

/** Export, digest and restore of a person's own leadership record (backups are encrypted by the client). */
export function archiveService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  return {
    async exportLeadership(ctx: CallContext, _input: Record<string, never>): Promise<ArchiveExport> {
      const c = await caller(ctx);
      const tables = await exportArchive(deps.pool, c.cipher, c.personId);
      return { personId: c.personId, exportedAt: c.now.toISOString(), tables, digest: digestOf(tables) };
    },
    /** Row counts and hashes of the record as stored now. */
    async leadershipDigest(ctx: CallContext, _input: Record<string, never>): Promise<{ personId: string; digest: ArchiveDigest }> {
      const c = await caller(ctx);
      return { personId: c.personId, digest: digestOf(await exportArchive(deps.pool, c.cipher, c.personId)) };
    },
    /**
     * Replaces the caller's record with an archive of their own, in one transaction, and
     * answers the digest read back from the database inside it: equal to the archive's, or
     * the restore is rolled back.
     */
    async restoreLeadership(ctx: CallContext, input: { personId: string; tables: LeadershipArchive }): Promise<{ personId: string; digest: ArchiveDigest; verified: true }> {
      const c = await caller(ctx);
      if (input.personId !== c.personId) throw forbidden(`This backup is ${input.personId}'s record; you can only restore your own`);
      const expected = digestOf(input.tables);
      return withTransaction(deps.pool, async (db) => {
        await replaceWithArchive(db, c.cipher, c.personId, input.tables);
        const digest = digestOf(await exportArchive(db, c.cipher, c.personId));
        if (JSON.stringify(digest) !== JSON.stringify(expected)) {
          throw new ClosError('Conflict', 'The restored rows do not match the backup (counts or hashes differ); nothing was changed', { expected, digest });
        }
        return { personId: c.personId, digest, verified: true as const };
      });
    },
  };
}
