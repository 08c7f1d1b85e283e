import type { Criterion, StageDef, StageTemplate } from './stage-schema.js';

/** Where a piece of evidence goes, or why it cannot. */
export type EvidenceTarget =
  | { ok: true; stage: StageDef; criterion: Criterion }
  /** The template has no stage `stageId`. */
  | { ok: false; reason: 'unknown-stage'; stageId: string }
  /** The stage takes no evidence for that criterion; `accepted` lists the ones it takes. */
  | { ok: false; reason: 'not-evidence'; stage: StageDef; accepted: string[] };

/**
 * The evidence rule: evidence counts for one stage — the stage named with it, else the
 * stage the project is in now, else (a project that has not started) the template's first —
 * and only for an `evidence` criterion of that stage. REST, MCP, Slack and held demos all
 * judge evidence by this rule before the project's workflow records it.
 */
export function evidenceTarget(
  template: StageTemplate,
  input: { criterionId: string; stageId?: string | undefined; currentStageId?: string | undefined },
): EvidenceTarget {
  const stageId = input.stageId ?? input.currentStageId ?? template.stages[0]?.id;
  const stage = template.stages.find((s) => s.id === stageId);
  if (stage === undefined) return { ok: false, reason: 'unknown-stage', stageId: stageId ?? '' };
  const accepted = stage.criteria.filter((c) => c.type === 'evidence');
  const criterion = accepted.find((c) => c.id === input.criterionId);
  if (criterion === undefined) return { ok: false, reason: 'not-evidence', stage, accepted: accepted.map((c) => c.id) };
  return { ok: true, stage, criterion };
}
