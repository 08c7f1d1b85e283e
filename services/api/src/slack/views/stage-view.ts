import type { ClosConfig, ProjectConfig, StageTemplate } from '@clos/domain';
import { context, divider, escapeText, header, section, type KnownBlock } from '@clos/slack';
import type { AdvanceResult } from '@clos/workflows';
import type { z } from 'zod';
import type { stageStateSchema } from '../../rest/schemas/project-schemas.js';
import { personLabel } from '../caller.js';
import { formatAge } from '../format.js';
import type { SlackReply } from '../reply.js';

/** A project's stage as the stage service answers it, once its workflow runs (`stage` set). */
export type LiveStage = z.output<typeof stageStateSchema> & { stage: NonNullable<z.output<typeof stageStateSchema>['stage']> };

/** The stage service's answer as the views take it: `undefined` until the project's workflow runs. */
export function liveStage(state: z.output<typeof stageStateSchema>): LiveStage | undefined {
  return state.running && state.stage !== null ? (state as LiveStage) : undefined;
}

function stageName(template: StageTemplate, id: string | null): string {
  if (id === null) return 'start';
  return template.stages.find((s) => s.id === id)?.name ?? id;
}

function criterionText(template: StageTemplate, stageId: string, criterionId: string): string {
  const criterion = template.stages.find((s) => s.id === stageId)?.criteria.find((c) => c.id === criterionId);
  return criterion?.description !== undefined ? `${criterion.description} (\`${criterionId}\`)` : `\`${criterionId}\``;
}

/** One line per project: stage, gate progress, flags. */
export function stageLine(project: ProjectConfig, template: StageTemplate, state: LiveStage | undefined): string {
  if (state === undefined) return `*${escapeText(project.name)}* (\`${project.id}\`) — not started; first stage ${template.stages[0]?.name ?? '?'}`;
  const met = state.gate.criteria.filter((r) => r.met).length;
  const flags = [state.paused ? ':double_vertical_bar: paused' : '', state.overdue ? ':alarm_clock: overdue' : ''].filter((f) => f !== '').join(' ');
  const gate = state.stage.terminal ? 'done' : `${met}/${state.gate.criteria.length} criteria met`;
  return `*${escapeText(project.name)}* (\`${project.id}\`) — ${state.stage.name}, ${gate}${flags !== '' ? ` ${flags}` : ''}`;
}

/** The detailed view of a project's stage. */
export function stageReply(cfg: ClosConfig, project: ProjectConfig, template: StageTemplate, state: LiveStage | undefined, now: Date): SlackReply {
  if (state === undefined) {
    const first = template.stages[0];
    return {
      text: `${project.name} (${project.id}) has not started its stage gate yet; it begins in ${first?.name ?? 'its first stage'}.`,
      blocks: [
        header(`Stage — ${project.name}`),
        section(`Not started yet. Template *${escapeText(template.name)}*: ${template.stages.map((s) => s.name).join(' → ')}`),
        ...(first !== undefined && first.criteria.length > 0
          ? [section(`*${first.name} needs*\n${first.criteria.map((c) => `• ${criterionText(template, first.id, c.id)}`).join('\n')}`)]
          : []),
      ],
    };
  }
  const total = template.stages.length;
  const lines = state.gate.criteria.map((r) => `${r.met ? ':white_check_mark:' : ':x:'} ${criterionText(template, state.stage.id, r.criterionId)} — ${escapeText(r.detail)}`);
  const timing = [
    `*In stage* ${formatAge(state.enteredAt ?? now, now)}`,
    ...(state.deadline !== null ? [`*Limit* ${state.deadline.slice(0, 10)}${state.overdue ? ' :alarm_clock: overdue' : ''}`] : []),
    ...(state.failedRequests > 0 ? [`*Failed advance requests* ${state.failedRequests}`] : []),
  ].join('  ·  ');
  const blocks: KnownBlock[] = [
    header(`Stage — ${project.name}`),
    section(`*${state.stage.name}* (stage ${state.stage.index + 1} of ${total}, template ${escapeText(template.name)})\n${timing}`),
  ];
  if (state.paused) {
    blocks.push(section(`:double_vertical_bar: *Paused* since ${state.pausedSince?.slice(0, 10) ?? '?'} after repeated failed advance requests; a lead can \`/stage resume ${project.id}\`.`));
  }
  if (!state.stage.terminal) blocks.push(section(lines.length > 0 ? `*Gate*\n${lines.join('\n')}` : '*Gate*: no criteria; advance when ready.'));
  const history = state.transitions.slice(-5).map((t) => {
    const who = t.actor !== null ? ` by ${personLabel(cfg, t.actor)}` : '';
    const why = t.reason !== null ? ` — ${escapeText(t.reason)}` : '';
    return `${t.at.slice(0, 10)}: ${stageName(template, t.from)} → ${stageName(template, t.to)} (${t.kind}${who})${why}`;
  });
  if (history.length > 0) blocks.push(divider(), context(`*History*\n${history.join('\n')}`));
  const summary = state.stage.terminal
    ? `${project.name} (${project.id}) is done.`
    : `${project.name} (${project.id}) is in ${state.stage.name}: ${state.gate.criteria.filter((r) => r.met).length}/${state.gate.criteria.length} criteria met.`;
  return { text: summary, blocks };
}

/** The answer to `/stage advance`. */
export function advanceReply(project: ProjectConfig, template: StageTemplate, result: AdvanceResult): SlackReply {
  switch (result.status) {
    case 'advanced':
      return { text: `:rocket: ${project.name} moved from ${stageName(template, result.from)} to ${stageName(template, result.to)}.`, inChannel: true };
    case 'done':
      return { text: `${project.name} is already done; there is no stage after ${stageName(template, result.stageId)}.` };
    case 'paused':
      return { text: `:double_vertical_bar: The gate of ${project.name} is paused since ${result.pausedSince.slice(0, 10)} after repeated failed requests; a lead must \`/stage resume ${project.id}\` first.` };
    case 'blocked': {
      const missing = result.missing.map((m) => `• ${criterionText(template, result.stageId, m.criterionId)} — ${escapeText(m.detail)}`);
      const escalation = result.escalated
        ? `\n:rotating_light: That was failed request ${result.failedRequests}: the gate is escalated to the pod lead and paused.`
        : `\nFailed requests in this stage: ${result.failedRequests}.`;
      return {
        text: `:no_entry_sign: ${project.name} cannot leave ${stageName(template, result.stageId)} yet. Missing:\n${missing.join('\n')}${escalation}`,
      };
    }
  }
}
