import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandContext, intFlag, UsageError, withJson } from './command-context.js';
import { renderTable } from './render.js';

const KINDS = ['morning', 'midday', 'evening', 'weekly'] as const;

interface DigestSummary {
  id: string;
  personId: string;
  kind: string;
  localDay: string;
  status: string;
  writer: string | null;
  model: string | null;
  fallbackReason: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  sentAt: string | null;
  error: string | null;
}

interface DigestRun {
  status: 'sent' | 'duplicate' | 'skipped' | 'failed';
  reason?: string;
  digest?: DigestSummary;
}

function kindFlag(value: string | undefined): (typeof KINDS)[number] {
  if (value === undefined) throw new UsageError(`--kind is required: one of ${KINDS.join(', ')}`);
  if (!(KINDS as readonly string[]).includes(value)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got "${value}"`);
  return value as (typeof KINDS)[number];
}

function writerOf(d: DigestSummary): string {
  if (d.writer === null) return '-';
  return d.writer === 'template' && d.fallbackReason !== null && d.fallbackReason !== 'not-configured' ? `template (${d.fallbackReason})` : d.writer;
}

function renderRun(run: DigestRun): string {
  const d = run.digest;
  switch (run.status) {
    case 'sent':
      return `Sent the ${d?.kind ?? ''} digest of ${d?.personId ?? ''} for ${d?.localDay ?? ''}, written by ${d !== undefined ? writerOf(d) : '?'} (${d?.inputTokens ?? 0}+${d?.outputTokens ?? 0} tokens, $${(d?.costUsd ?? 0).toFixed(4)}).`;
    case 'duplicate':
      return `Nothing sent: the ${d?.kind ?? ''} digest of ${d?.personId ?? ''} for ${d?.localDay ?? ''} was already ${d?.status ?? 'sent'}.`;
    case 'skipped':
      return `Skipped: ${run.reason ?? 'no reason given'}.`;
    case 'failed':
      return `Slack refused the digest after retries (the ops channel was told): ${run.reason ?? ''}`;
  }
}

/** `clos digest …`: deliver a person's digest now, and see what was sent. Over HTTP. */
export function registerDigestCommands(program: Command, io: CliIo): void {
  const ctx = commandContext(io);
  const digest = program.command('digest').description("Digests: deliver one now, list what was sent (the person themself or a lead of their pod)");

  withJson(
    digest
      .command('run')
      .description("Deliver a person's digest now as a Slack DM (at most one per person, kind and local day)")
      .option('--person <id>', 'the person (id, GitHub login or Slack id)')
      .option('--kind <kind>', `one of ${KINDS.join(', ')}`),
  ).action(async (o: { person?: string; kind?: string; json?: boolean }) => {
    if (o.person === undefined) throw new UsageError('--person is required');
    const kind = kindFlag(o.kind);
    const run = await (await ctx.api()).post<DigestRun>('/api/digests', { personId: o.person, kind });
    ctx.emit(o.json, run, () => renderRun(run));
  });

  withJson(
    digest
      .command('list')
      .description('Digests sent: by which writer, at what cost')
      .option('--person <id>', "only this person's")
      .option('--kind <kind>', `only one of ${KINDS.join(', ')}`)
      .option('--limit <n>', 'at most this many (1-200)', '50'),
  ).action(async (o: { person?: string; kind?: string; limit: string; json?: boolean }) => {
    const query = new URLSearchParams();
    if (o.person !== undefined) query.set('personId', o.person);
    if (o.kind !== undefined) query.set('kind', kindFlag(o.kind));
    query.set('limit', String(intFlag(o.limit, '--limit', 1, 200)));
    const page = await (await ctx.api()).get<{ items: DigestSummary[] }>(`/api/digests?${query.toString()}`);
    ctx.emit(o.json, page, () =>
      page.items.length === 0
        ? 'No digests.'
        : renderTable(
            ['DAY', 'PERSON', 'KIND', 'STATUS', 'WRITER', 'TOKENS', 'COST USD'],
            page.items.map((d) => [d.localDay, d.personId, d.kind, d.status, writerOf(d), `${d.inputTokens}+${d.outputTokens}`, d.costUsd.toFixed(4)]),
          ),
    );
  });
}
