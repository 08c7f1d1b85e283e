import { randomBytes, randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLeadershipApi, type LeadershipApi } from './support/leadership-api.js';

let api: LeadershipApi;
let alice: string;
let bob: string;
let dir: string;
const KEY = randomBytes(32).toString('base64');

beforeAll(async () => {
  api = await startLeadershipApi();
  alice = await api.token('alice laptop', { payments: 'lead' }, 'alice');
  bob = await api.token('bob laptop', { payments: 'member' }, 'bob');
  dir = await mkdtemp(join(tmpdir(), 'clos-backups-'));
  expect((await api.clos(alice, 'daily', 'checkin', '--energy', 'medium', '--stress', '5', '--mission', 'Write the board memo, "final", v2')).code).toBe(0);
  expect((await api.clos(alice, 'decision', 'add', 'Open a Lisbon office', '--type', 'irreversible')).code).toBe(0);
  expect((await api.clos(alice, 'weekly', 'delegate', 'Vendor renewal', '--to', 'bob', '--control', '4')).code).toBe(0);
});

afterAll(async () => {
  await api?.close();
});

const as = (token: string, ...args: string[]) => api.closWith({ CLOS_TOKEN: token, CLOS_BACKUP_KEY: KEY }, ...args);
const json = <T>(result: { stdout: string }) => JSON.parse(result.stdout) as T;

describe('clos export', () => {
  it('writes one CSV per table and a JSON document', async () => {
    const out = await mkdtemp(join(tmpdir(), 'clos-export-'));
    const csv = await api.clos(alice, 'export', '--format', 'csv', '--out', out, '--json');
    expect(csv.code).toBe(0);
    expect(json<{ files: { table: string; rows: number }[] }>(csv).files).toEqual(
      expect.arrayContaining([{ table: 'leadership_checkins', path: join(out, 'checkins.csv'), rows: 1 }]),
    );
    const checkins = await readFile(join(out, 'checkins.csv'), 'utf8');
    expect(checkins.split('\r\n')[0]).toContain('mission');
    expect(checkins).toContain('"Write the board memo, ""final"", v2"');
    expect(await readFile(join(out, 'decisions.csv'), 'utf8')).toContain('Open a Lisbon office');

    expect((await api.clos(alice, 'export', '--format', 'json', '--period', '6months', '--out', out)).code).toBe(0);
    const doc = JSON.parse(await readFile(join(out, 'leadership.json'), 'utf8')) as { personId: string; tables: Record<string, unknown[]> };
    expect(doc.personId).toBe('alice');
    expect(doc.tables.leadership_delegations).toHaveLength(1);

    expect(await api.clos(alice, 'export', '--format', 'xml', '--out', out)).toMatchObject({ code: 2, stderr: expect.stringContaining('--format') });
    expect(await api.clos(alice, 'export', '--format', 'csv')).toMatchObject({ code: 2, stderr: expect.stringContaining('--out') });
  });
});

describe('clos backup', () => {
  let id: string;

  it('creates an encrypted backup, lists and verifies it', async () => {
    const made = await as(alice, 'backup', 'create', '--to', dir, '--json');
    expect(made.code).toBe(0);
    const backup = json<{ id: string; path: string; rows: number }>(made);
    id = backup.id;
    expect(backup.rows).toBe(3);
    const raw = await readFile(backup.path, 'utf8');
    expect(raw).not.toContain('board memo');
    expect(raw).not.toContain('Lisbon');

    expect(json<{ id: string }[]>(await as(alice, 'backup', 'list', '--dir', dir, '--json')).map((b) => b.id)).toEqual([id]);
    expect(await as(alice, 'backup', 'verify', id, '--dir', dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });
  });

  it('restores the record and proves it by row counts and hashes', async () => {
    // Changes after the backup: a new decision, and the check-in deleted.
    expect((await api.clos(alice, 'decision', 'add', 'Cancel the offsite', '--type', 'reversible_low')).code).toBe(0);
    await api.pool.query(`DELETE FROM leadership_checkins WHERE person_id = 'alice'`);
    const restored = await as(alice, 'backup', 'restore', id, '--dir', dir, '--json');
    expect(restored.code).toBe(0);
    expect(json(restored)).toMatchObject({ restored: true, verified: true, rows: 3 });
    const day = json<{ checkin: { mission: string } }>(await api.clos(alice, 'daily', 'show', '--json'));
    expect(day.checkin.mission).toBe('Write the board memo, "final", v2');
    const decisions = json<{ text: string }[]>(await api.clos(alice, 'decision', 'list', '--json'));
    expect(decisions.map((d) => d.text)).toEqual(['Open a Lisbon office']);
  });

  it('refuses a tampered backup, a wrong key, and another person’s backup', async () => {
    const path = join(dir, `${id}.closbackup`);
    const envelope = JSON.parse(await readFile(path, 'utf8')) as { ciphertext: string };
    const bytes = Buffer.from(envelope.ciphertext, 'base64');
    bytes[10] = bytes[10]! ^ 0xff;
    const tamperedId = id.replace(/.{6}$/, 'ffffff');
    await writeFile(join(dir, `${tamperedId}.closbackup`), JSON.stringify({ ...envelope, id: tamperedId, ciphertext: bytes.toString('base64') }));
    expect(await as(alice, 'backup', 'verify', tamperedId, '--dir', dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('failed its integrity check') });
    expect(await as(alice, 'backup', 'restore', tamperedId, '--dir', dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('refused') });

    const otherKey = randomBytes(32).toString('base64');
    expect(await api.closWith({ CLOS_TOKEN: alice, CLOS_BACKUP_KEY: otherKey }, 'backup', 'verify', id, '--dir', dir)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('encrypted with another key'),
    });
    expect(await api.clos(alice, 'backup', 'verify', id, '--dir', dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('CLOS_BACKUP_KEY is not set') });
    expect(await as(bob, 'backup', 'restore', id, '--dir', dir)).toMatchObject({ code: 1, stderr: expect.stringContaining("alice's record") });
    expect(await as(alice, 'backup', 'verify', '../../etc/passwd', '--dir', dir)).toMatchObject({ code: 2 });
    expect(await as(alice, 'backup', 'verify', '20200101T000000Z-abcdef', '--dir', dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('No backup') });
  });

  it('restores a paralysis episode with its link to a decision of the same record', async () => {
    const decision = json<{ id: string }>(await api.clos(alice, 'decision', 'add', 'Move the data centre', '--type', 'reversible_high', '--json'));
    const episode = json<{ id: string }>(await api.clos(alice, 'daily', 'paralysis', '--decision', 'Move the data centre', '--fear', 'Downtime', '--decision-id', decision.id, '--json'));
    const made = json<{ id: string }>(await as(alice, 'backup', 'create', '--to', dir, '--json'));
    await api.pool.query(`DELETE FROM leadership_paralysis WHERE person_id = 'alice'`);
    expect(json(await as(alice, 'backup', 'restore', made.id, '--dir', dir, '--json'))).toMatchObject({ restored: true, verified: true });
    const day = json<{ paralysis: { id: string; decisionId: string | null }[] }>(await api.clos(alice, 'daily', 'show', '--json'));
    expect(day.paralysis).toEqual([expect.objectContaining({ id: episode.id, decisionId: decision.id })]);
  });

  it('deletes backups older than 30 days when a new one is made', async () => {
    const old = '20200101T000000Z-0a0b0c';
    await writeFile(join(dir, `${old}.closbackup`), '{}');
    const made = json<{ pruned: string[] }>(await as(alice, 'backup', 'create', '--to', dir, '--json'));
    expect(made.pruned).toEqual([old]);
    expect((await readdir(dir)).some((name) => name.startsWith(old))).toBe(false);
  });
});

describe('clos backup to S3', () => {
  const endpoint = process.env.AWS_ENDPOINT_URL!;
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bucket = `clos-backups-${randomUUID().slice(0, 8)}`;
  const at = `s3://${bucket}/people/alice`;
  const inS3 = (token: string, ...args: string[]) => api.closWith({ CLOS_TOKEN: token, CLOS_BACKUP_KEY: KEY, AWS_ENDPOINT_URL: endpoint }, ...args);

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('creates, lists, verifies and restores a backup kept under an S3 prefix, encrypted before it leaves', async () => {
    const made = await inS3(alice, 'backup', 'create', '--to', at, '--json');
    expect(made.code).toBe(0);
    const backup = json<{ id: string; path: string; rows: number }>(made);
    expect(backup.path).toBe(`${at}/${backup.id}.closbackup`);
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `people/alice/${backup.id}.closbackup` }));
    const raw = await stored.Body!.transformToString('utf8');
    expect(raw).toContain('clos-leadership-backup');
    expect(raw).not.toContain('Lisbon');

    const listed = json<{ id: string; path: string }[]>(await inS3(alice, 'backup', 'list', '--dir', at, '--json'));
    expect(listed.map((b) => b.id)).toEqual([backup.id]);
    expect(await inS3(alice, 'backup', 'verify', backup.id, '--dir', at)).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });
    expect(json(await inS3(alice, 'backup', 'restore', backup.id, '--dir', at, '--json'))).toMatchObject({ restored: true, verified: true });
  });

  it('prunes old backups in the bucket, and names a missing bucket or backup', async () => {
    const old = '20200101T000000Z-0a0b0c';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `people/alice/${old}.closbackup`, Body: '{}' }));
    expect(json<{ pruned: string[] }>(await inS3(alice, 'backup', 'create', '--to', at, '--json')).pruned).toEqual([old]);
    expect(json<{ id: string }[]>(await inS3(alice, 'backup', 'list', '--dir', at, '--json')).some((b) => b.id === old)).toBe(false);

    expect(await inS3(alice, 'backup', 'verify', '20200101T000000Z-abcdef', '--dir', at)).toMatchObject({ code: 1, stderr: expect.stringContaining(`No backup 20200101T000000Z-abcdef in ${at}`) });
    const missing = await inS3(alice, 'backup', 'create', '--to', `s3://no-such-bucket-${randomUUID().slice(0, 8)}`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('S3 refused (NoSuchBucket');
    expect(await inS3(alice, 'backup', 'list', '--dir', 's3://Bad_Bucket')).toMatchObject({ code: 1, stderr: expect.stringContaining('is not an S3 location') });
  });
});
