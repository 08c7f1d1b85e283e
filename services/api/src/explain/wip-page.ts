import { workItemLabel, type WipHolder, type WipQueueEntry } from '@clos/domain';
import type { PodWipView, TrackedWorkItem } from '@clos/workflows';
import { badge, escapeHtml, linkTo, page, timeAgo } from './html.js';

/** What the WIP explanation is about. */
export interface WipPageContext {
  podId: string;
  podName?: string;
  /** Expedite label of the pod, for the advice. */
  expediteLabel?: string;
  itemId: string;
  now: Date;
}

/**
 * The page behind a `clos/wip` status: the verdict, the rule that decides it (current versus
 * limit, per person, expedite), who holds the slots and since when, the queue, and what to do.
 */
export function renderWipPage(view: PodWipView | undefined, ctx: WipPageContext): string {
  const podTitle = ctx.podName !== undefined ? `${ctx.podName} (${ctx.podId})` : ctx.podId;
  const itemLabel = ctx.itemId.startsWith('merge-group:') ? `merge queue group ${ctx.itemId.slice(12, 19)}` : workItemLabel(ctx.itemId);
  if (view === undefined) {
    return page(
      `clos/wip — ${itemLabel}`,
      `<h1>clos/wip for ${escapeHtml(itemLabel)} in pod ${escapeHtml(podTitle)}</h1>
<p>${badge('unknown', 'no data')} CLOS holds no WIP state for this pod yet: no pull request or started Linear issue of it has been seen.</p>`,
    );
  }

  const { policy } = view;
  const regular = view.holders.filter((h) => h.lane === 'regular');
  const expedite = view.holders.filter((h) => h.lane === 'expedite');
  const item = findItem(view.items, ctx.itemId);
  const verdict = item === undefined ? undefined : view.verdicts.find((v) => v.itemId === item.id);
  const holder = item === undefined ? undefined : view.holders.find((h) => h.id === item.id);
  const queueIndex = item === undefined ? -1 : view.queue.findIndex((q) => q.id === item.id);
  const queued = queueIndex >= 0 ? view.queue[queueIndex] : undefined;

  const parts: string[] = [];
  parts.push(`<h1>clos/wip for ${escapeHtml(itemLabel)} in pod ${escapeHtml(podTitle)}</h1>`);
  if (verdict !== undefined) {
    parts.push(`<p>${badge(verdict.state, verdict.state)} ${escapeHtml(verdict.description)}</p>`);
  } else if (ctx.itemId.startsWith('merge-group:')) {
    parts.push(`<p>A merge queue group is judged by the pull requests in it: it passes only if each of them holds a WIP slot.</p>`);
  } else {
    parts.push(`<p>${badge('success', 'not counted')} This work item is not tracked by the pod now (closed, merged, completed, or never opened in a mapped repository), so it takes no slot.</p>`);
  }

  parts.push(`<h2>The rule</h2><ul>`);
  parts.push(`<li>Pod limit: <strong>${regular.length} of ${policy.limit}</strong> regular slots in use${regular.length >= policy.limit ? ' — the pod is full' : ''}.</li>`);
  if (policy.perPersonLimit !== undefined) {
    const person = queued?.personId ?? holder?.personId ?? item?.personId;
    const held = person === undefined ? undefined : regular.filter((h) => h.personId === person).length;
    parts.push(
      `<li>Per person: at most <strong>${policy.perPersonLimit}</strong> regular slots${
        person !== undefined ? `; ${escapeHtml(person)} holds ${held ?? 0}` : ''
      }.</li>`,
    );
  }
  parts.push(`<li>Expedite lane: <strong>${expedite.length} of ${policy.expediteQuota}</strong> in use${ctx.expediteLabel ? ` (label <code>${escapeHtml(ctx.expediteLabel)}</code>)` : ''}.</li>`);
  parts.push(`<li>Mode: <strong>${escapeHtml(policy.mode)}</strong> — ${modeText(policy.mode)}</li></ul>`);

  parts.push(`<h2>What to do</h2><div class="todo">${advice({ holder, queued, queueIndex, item, ctx, regular, policy })}</div>`);

  parts.push(`<h2>Holding slots (${view.holders.length})</h2>`);
  parts.push(holdersTable(view.holders, view.items, ctx.now));
  parts.push(`<h2>Waiting (${view.queue.length})</h2>`);
  parts.push(queueTable(view.queue, view.items, ctx.now));
  return page(`clos/wip — ${itemLabel}`, parts.join('\n'));
}

/** The tracked item reached by any of its ids (`gh:…#n` of each PR, `lin:KEY` of each issue). */
function findItem(items: readonly TrackedWorkItem[], id: string): TrackedWorkItem | undefined {
  const wanted = id.startsWith('lin:') ? `lin:${id.slice(4).toUpperCase()}` : id.toLowerCase();
  return items.find(
    (item) =>
      item.id === id ||
      item.pullRequests.some((pr) => `gh:${pr.repo.toLowerCase()}#${pr.number}` === wanted) ||
      item.linearKeys.some((key) => `lin:${key.toUpperCase()}` === wanted),
  );
}

function modeText(mode: string): string {
  if (mode === 'enforce') return 'an item over the limit gets a red status and cannot merge while the check is required.';
  if (mode === 'warn') return 'an item over the limit stays green with a warning.';
  return 'CLOS records what it would do and keeps every status green.';
}

function advice(input: {
  holder: WipHolder | undefined;
  queued: WipQueueEntry | undefined;
  queueIndex: number;
  item: TrackedWorkItem | undefined;
  ctx: WipPageContext;
  regular: WipHolder[];
  policy: PodWipView['policy'];
}): string {
  const { holder, queued, queueIndex, item, ctx, regular, policy } = input;
  if (holder !== undefined) return `<p>Nothing: this work item holds a ${holder.lane} slot since ${timeAgo(holder.since, ctx.now)}. Merge or close it to free the slot for the next in line.</p>`;
  if (item?.draft === true) return `<p>Nothing yet: drafts take no slot. Marking it ready for review asks for one.</p>`;
  if (queued === undefined) return `<p>Nothing: the item takes no slot.</p>`;
  const blockers =
    queued.reason === 'person_limit' && queued.personId !== undefined
      ? regular.filter((h) => h.personId === queued.personId)
      : queued.reason === 'expedite_quota'
        ? []
        : regular;
  const names = blockers.map((h) => linkTo(workItemLabel(h.id), h.url)).join(', ');
  const why =
    queued.reason === 'person_limit'
      ? `${escapeHtml(queued.personId ?? 'This person')} already holds ${policy.perPersonLimit ?? 0} slot(s)`
      : queued.reason === 'expedite_quota'
        ? `the expedite lane is full and the pod has no free regular slot`
        : `the pod is at its limit of ${policy.limit}`;
  const steps = [
    `Finish (merge or close) one of ${names || 'the items holding slots'}, or move one back to draft; this item then gets the next free slot by itself — it is number ${queueIndex + 1} in line.`,
    `Or help get the holders reviewed and merged: the limit exists to finish work before starting more.`,
  ];
  if (ctx.expediteLabel !== undefined && policy.expediteQuota > 0 && queued.reason !== 'expedite_quota' && !queued.expedite) {
    steps.push(`A real emergency (hotfix) may take the expedite lane: add the label <code>${escapeHtml(ctx.expediteLabel)}</code>. Every use is audited.`);
  }
  return `<p>Blocked because ${why} (waiting since ${timeAgo(queued.enqueuedAt, ctx.now)}).</p><ol>${steps.map((s) => `<li>${s}</li>`).join('')}</ol>`;
}

function who(personId: string | undefined): string {
  return personId === undefined ? '—' : escapeHtml(personId);
}

function title(id: string, items: readonly TrackedWorkItem[], fallback: string | undefined): string {
  return items.find((i) => i.id === id)?.title ?? fallback ?? '';
}

function holdersTable(holders: readonly WipHolder[], items: readonly TrackedWorkItem[], now: Date): string {
  if (holders.length === 0) return '<p>None.</p>';
  const rows = holders.map(
    (h) =>
      `<tr><td>${linkTo(workItemLabel(h.id), h.url)}</td><td>${escapeHtml(title(h.id, items, h.title))}</td><td>${who(h.personId)}</td><td>${h.lane}</td><td>${timeAgo(h.since, now)}</td></tr>`,
  );
  return `<table><thead><tr><th>Item</th><th>Title</th><th>Who</th><th>Lane</th><th>Holds since</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function queueTable(queue: readonly WipQueueEntry[], items: readonly TrackedWorkItem[], now: Date): string {
  if (queue.length === 0) return '<p>Nobody is waiting.</p>';
  const reasons: Record<WipQueueEntry['reason'], string> = {
    pod_limit: 'pod limit',
    person_limit: 'per-person limit',
    expedite_quota: 'expedite quota',
  };
  const rows = queue.map(
    (q, i) =>
      `<tr><td>${i + 1}</td><td>${linkTo(workItemLabel(q.id), q.url)}</td><td>${escapeHtml(title(q.id, items, q.title))}</td><td>${who(q.personId)}</td><td>${reasons[q.reason]}</td><td>${timeAgo(q.enqueuedAt, now)}</td></tr>`,
  );
  return `<table><thead><tr><th>#</th><th>Item</th><th>Title</th><th>Who</th><th>Waits for</th><th>Waiting since</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
