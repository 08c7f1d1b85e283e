import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '@clos/devstack';
import { startLeadershipApi, type LeadershipApi } from './support/leadership-api.js';

let api: LeadershipApi;
let alice: string;
let out: string;

beforeAll(async () => {
  // PDFs are printed by Debian's Chromium: installed here when a bare machine lacks it.
  await ensureChromium();
  api = await startLeadershipApi();
  alice = await api.token('alice laptop', { payments: 'lead' }, 'alice');
  out = await mkdtemp(join(tmpdir(), 'clos-report-'));
  expect((await api.clos(alice, 'daily', 'checkin', '--energy', 'high', '--stress', '3', '--mission', 'Plan <Q3>')).code).toBe(0);
  expect((await api.clos(alice, 'weekly', 'focus', 'Hiring & budget')).code).toBe(0);
});

afterAll(async () => {
  await api?.close();
});

describe('clos weekly report', () => {
  it('writes the review as Markdown and escaped HTML', async () => {
    expect((await api.clos(alice, 'weekly', 'report', '--format', 'md', '--out', join(out, 'week.md'))).code).toBe(0);
    const md = await readFile(join(out, 'week.md'), 'utf8');
    expect(md).toMatch(/^# Weekly review, \d{4}-\d{2}-\d{2} to /);
    expect(md).toContain('| Check-ins | 1 |');
    expect(md).toContain('**Focus:** Hiring & budget');

    expect((await api.clos(alice, 'weekly', 'report', '--format', 'html', '--out', join(out, 'week.html'))).code).toBe(0);
    const html = await readFile(join(out, 'week.html'), 'utf8');
    expect(html).toContain('Hiring &amp; budget');
    expect(html).toContain('<th>Energy high / medium / low</th><td>1 / 0 / 0</td>');
  });

  it('prints a PDF with headless Chromium in well under 30 s', async () => {
    const made = await api.clos(alice, 'weekly', 'report', '--format', 'pdf', '--out', join(out, 'week.pdf'), '--json');
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const answer = JSON.parse(made.stdout) as { bytes: number; ms: number };
    expect(answer.ms).toBeLessThan(30_000);
    const pdf = await readFile(join(out, 'week.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(answer.bytes);
  }, 60_000);

  it('writes the month\'s review with the same renderer', async () => {
    expect((await api.clos(alice, 'monthly', 'report', '--format', 'md', '--out', join(out, 'month.md'))).code).toBe(0);
    const md = await readFile(join(out, 'month.md'), 'utf8');
    expect(md).toMatch(/^# Monthly review, \d{4}-\d{2}-01 to /);
    expect(md).toContain('| Check-ins | 1 |');
  });

  it('refuses a bad format and a missing --out', async () => {
    expect(await api.clos(alice, 'weekly', 'report', '--format', 'docx', '--out', join(out, 'x'))).toMatchObject({ code: 2, stderr: expect.stringContaining('--format') });
    expect(await api.clos(alice, 'weekly', 'report')).toMatchObject({ code: 2, stderr: expect.stringContaining('--out') });
  });
});
