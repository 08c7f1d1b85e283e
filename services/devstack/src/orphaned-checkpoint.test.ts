import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retireOrphanedCheckpoint } from './orphaned-checkpoint.js';

describe('retireOrphanedCheckpoint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clos-checkpoint-'));
    mkdirSync(join(dir, 'audit'));
    writeFileSync(join(dir, 'audit', 'checkpoint.json'), '{"id":"9"}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves the checkpoint aside when the database is about to be created', () => {
    const retired = retireOrphanedCheckpoint(dir, new Date('2026-12-06T02:50:00Z'));
    expect(retired).toBe(join(dir, 'audit', 'checkpoint.retired-2026-12-06T02-50-00-000Z.json'));
    expect(readdirSync(join(dir, 'audit'))).toEqual(['checkpoint.retired-2026-12-06T02-50-00-000Z.json']);
  });

  it('keeps the checkpoint of a database that is there', () => {
    mkdirSync(join(dir, 'postgres'));
    writeFileSync(join(dir, 'postgres', 'PG_VERSION'), '17\n');
    expect(retireOrphanedCheckpoint(dir)).toBeUndefined();
    expect(readdirSync(join(dir, 'audit'))).toEqual(['checkpoint.json']);
  });
});
