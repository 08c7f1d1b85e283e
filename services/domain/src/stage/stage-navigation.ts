import type { StageDef, StageTemplate } from './stage-schema.js';

/** Position of a stage in its template, or -1 when the template has no such stage. */
export function stageIndex(template: StageTemplate, stageId: string): number {
  return template.stages.findIndex((s) => s.id === stageId);
}

/** The stage after `stageId`; `undefined` from the terminal stage or an unknown one. */
export function nextStage(template: StageTemplate, stageId: string): StageDef | undefined {
  const index = stageIndex(template, stageId);
  return index < 0 ? undefined : template.stages[index + 1];
}

/** Whether `stageId` is the template's last (terminal) stage. */
export function isTerminalStage(template: StageTemplate, stageId: string): boolean {
  const index = stageIndex(template, stageId);
  return index >= 0 && index === template.stages.length - 1;
}
