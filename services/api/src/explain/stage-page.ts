import type { StageStateView } from '@clos/workflows';
import { badge, escapeHtml, page, timeAgo } from './html.js';

/** What the stage explanation is about. */
export interface StagePageContext {
  projectId: string;
  projectName?: string;
  now: Date;
}

const CRITERION_KINDS: Record<string, string> = {
  artifact: 'document on the default branch',
  checks: 'CI checks green',
  approvals: 'approving reviews',
  linearDone: 'Linear issues done',
  evidence: 'evidence submitted',
  signoff: 'lead sign-off',
};

/**
 * The page behind a `clos/stage-gate` status: the project's stage, each criterion of its
 * gate met or not and why, and what to do to move on.
 */
export function renderStagePage(view: StageStateView | undefined, ctx: StagePageContext): string {
  const name = ctx.projectName !== undefined ? `${ctx.projectName} (${ctx.projectId})` : ctx.projectId;
  if (view === undefined) {
    return page(
      `clos/stage-gate — ${ctx.projectId}`,
      `<h1>clos/stage-gate for project ${escapeHtml(name)}</h1>
<p>${badge('unknown', 'no data')} CLOS holds no stage state for this project yet: nothing of it has been seen.</p>`,
    );
  }
  const parts: string[] = [];
  parts.push(`<h1>clos/stage-gate for project ${escapeHtml(name)}</h1>`);
  parts.push(`<p>${badge(view.verdict.state, view.verdict.state)} ${escapeHtml(view.verdict.description)}</p>`);
  parts.push(
    `<p>Stage <strong>${escapeHtml(view.stage.name)}</strong> (${view.stage.index + 1}, template <code>${escapeHtml(view.templateId)}</code>), entered ${timeAgo(view.enteredAt, ctx.now)}${
      view.deadline !== undefined ? `; time limit ${view.overdue ? '<strong>passed</strong>' : 'ends'} <time datetime="${escapeHtml(view.deadline)}">${escapeHtml(view.deadline)}</time>` : ''
    }.</p>`,
  );

  const unmet = view.gate.results.filter((r) => !r.met);
  parts.push('<h2>What to do</h2><div class="todo">');
  if (view.stage.terminal) {
    parts.push('<p>Nothing: the project has reached its last stage.</p>');
  } else if (view.paused) {
    parts.push(
      `<p>The gate is <strong>paused</strong> since ${view.pausedSince !== undefined ? timeAgo(view.pausedSince, ctx.now) : 'an escalation'} after ${view.failedRequests} refused advance requests. A pod lead must resume it (or override with a reason).</p>`,
    );
  } else if (unmet.length === 0) {
    parts.push('<p>Nothing: every criterion of this stage is met; the project advances on its own.</p>');
  } else {
    parts.push(`<p>Meet the ${unmet.length} open criteri${unmet.length === 1 ? 'on' : 'a'} below; the gate advances by itself once all are met.</p><ul>`);
    for (const r of unmet) parts.push(`<li><strong>${escapeHtml(r.criterionId)}</strong> (${escapeHtml(CRITERION_KINDS[r.type] ?? r.type)}): ${escapeHtml(r.detail)}</li>`);
    parts.push('</ul>');
  }
  parts.push('</div>');

  parts.push('<h2>Criteria of this stage</h2>');
  if (view.gate.results.length === 0) parts.push('<p>None.</p>');
  else {
    const rows = view.gate.results.map(
      (r) =>
        `<tr><td class="${r.met ? 'met' : 'unmet'}">${r.met ? '✔ met' : '✘ missing'}</td><td>${escapeHtml(r.criterionId)}</td><td>${escapeHtml(CRITERION_KINDS[r.type] ?? r.type)}</td><td>${escapeHtml(r.detail)}</td></tr>`,
    );
    parts.push(`<table><thead><tr><th></th><th>Criterion</th><th>Kind</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }

  if (view.transitions.length > 0) {
    parts.push('<h2>History</h2><ul>');
    for (const t of [...view.transitions].reverse()) {
      const by = t.actor !== undefined ? ` by ${escapeHtml(t.actor)}` : '';
      const why = t.reason !== undefined ? ` — ${escapeHtml(t.reason)}` : '';
      parts.push(`<li>${escapeHtml(t.kind)}: ${escapeHtml(t.from ?? '—')} → ${escapeHtml(t.to)}${by}${why}, ${timeAgo(t.at, ctx.now)}</li>`);
    }
    parts.push('</ul>');
  }
  return page(`clos/stage-gate — ${ctx.projectId}`, parts.join('\n'));
}
