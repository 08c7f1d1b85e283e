import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandContext, intFlag, UsageError, withJson } from './command-context.js';
import { renderTable } from './render.js';

interface DeadEvent {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
}

interface DeadEventsPage {
  mode: 'outbox' | 'sqs';
  items: DeadEvent[];
  nextCursor: string | null;
  queues: { dlqUrl: string; sourceUrl: string; approximateMessages: number }[];
}

interface RequeueResult {
  mode: 'outbox' | 'sqs';
  requeued: number;
  ids: string[];
  queues: { dlqUrl: string; sourceUrl: string; moved: number }[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const oneLine = (text: string | null, max = 80) => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function renderDead(page: DeadEventsPage): string {
  if (page.mode === 'sqs') {
    if (page.queues.length === 0) return 'No dead-letter queues configured (EVENT_DLQ_URLS on the api).';
    return renderTable(['DEAD-LETTER QUEUE', 'REDRIVES INTO', 'MESSAGES (APPROX.)'], page.queues.map((q) => [q.dlqUrl, q.sourceUrl, q.approximateMessages]));
  }
  if (page.items.length === 0) return 'No dead events.';
  const table = renderTable(['ID', 'TYPE', 'SOURCE', 'OCCURRED', 'ATTEMPTS', 'LAST ERROR'], page.items.map((e) => [e.id, e.type, e.source, e.occurredAt, e.attempts, oneLine(e.lastError)]));
  return page.nextCursor !== null ? `${table}\n(more: raise --limit)` : table;
}

function renderRequeue(result: RequeueResult): string {
  if (result.mode === 'sqs') {
    const lines = result.queues.map((q) => `${q.moved} message(s) from ${q.dlqUrl} back to ${q.sourceUrl}`);
    return [`Requeued ${result.requeued} message(s).`, ...lines].join('\n');
  }
  return result.requeued === 0 ? 'Nothing requeued: no such dead event.' : `Requeued ${result.requeued} event(s):\n${result.ids.join('\n')}`;
}

/**
 * `clos events …`: the events the bus gave up delivering, and bringing them back once what
 * killed them is fixed. Over HTTP (organisation admin); every requeue is audited by the api.
 */
export function registerEventsCommands(program: Command, io: CliIo): void {
  const ctx = commandContext(io);
  const events = program.command('events').description('Dead events: list them and put them back on the bus (admin)');

  withJson(events.command('dead').description('List the events the bus gave up delivering, oldest first').option('--limit <n>', 'at most this many (1-200)', '50')).action(
    async (o: { limit: string; json?: boolean }) => {
      const limit = intFlag(o.limit, '--limit', 1, 200)!;
      const page = await (await ctx.api()).get<DeadEventsPage>(`/api/events/dead?limit=${limit}`);
      ctx.emit(o.json, page, () => renderDead(page));
    },
  );

  withJson(
    events
      .command('requeue')
      .description('Put dead events back on the bus: the ones named with --id, or all with --all')
      .option('--id <event-id>', 'a dead event to requeue (repeatable; outbox bus only)', collect, [])
      .option('--all', 'every dead event (eventbridge: every message of the dead-letter queues)'),
  ).action(async (o: { id: string[]; all?: boolean; json?: boolean }) => {
    if (o.all === true && o.id.length > 0) throw new UsageError('give --id or --all, not both');
    if (o.all !== true && o.id.length === 0) throw new UsageError('name the events to requeue with --id <event-id>, or requeue every one with --all');
    const result = await (await ctx.api()).post<RequeueResult>('/api/events/dead/requeue', o.all === true ? { all: true } : { ids: o.id });
    ctx.emit(o.json, result, () => renderRequeue(result));
  });
}
