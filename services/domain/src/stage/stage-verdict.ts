import type { WipMode } from '../config/config-schema.js';
import { fitDescription, MAX_STATUS_DESCRIPTION } from '../status-description.js';
import type { GateEvaluation } from './evaluate-gate.js';
import type { StageDef } from './stage-schema.js';

/** How the verdict should read beyond the evaluation itself. */
export interface StageVerdictOptions {
  /** The project is in its template's last stage. */
  terminal?: boolean;
  /** The gate was paused after repeated failed advance requests; a lead must resume it. */
  paused?: boolean;
  /** The pod's enforcement mode (default `enforce`): `observe` and `warn` never go red. */
  mode?: WipMode;
}

/**
 * The `clos/stage-gate` status of a project's pull requests: green when the stage's gate
 * is met (or the project is done), red naming what is missing otherwise
 * ("Build: 2/4 unmet — Linear issues 3/5 done; demo evidence missing"). At most 140 characters.
 */
export function stageVerdict(
  stage: Pick<StageDef, 'name'>,
  evaluation: GateEvaluation,
  options: StageVerdictOptions = {},
): { state: 'success' | 'failure'; description: string } {
  const mode = options.mode ?? 'enforce';
  const blocked = options.paused === true || (!evaluation.passed && options.terminal !== true);
  if (!blocked) {
    if (options.terminal === true) return { state: 'success', description: fitDescription(`${stage.name}: final stage reached`) };
    const total = evaluation.results.length;
    return { state: 'success', description: fitDescription(`${stage.name}: gate met (${total}/${total})`) };
  }
  const prefix = mode === 'warn' ? 'Gate not met: ' : mode === 'observe' ? 'Observe: enforce would block — ' : '';
  const paused = options.paused === true ? ' (paused, a lead must resume)' : '';
  const head = `${prefix}${stage.name}${paused}`;
  const details = evaluation.missing.map((m) => m.detail);
  const unmet = `${evaluation.missing.length}/${evaluation.results.length} unmet`;
  const state = mode === 'enforce' ? 'failure' : 'success';
  if (details.length === 0) return { state, description: fitDescription(head) };
  for (let shown = details.length; shown >= 1; shown--) {
    const rest = details.length - shown;
    const text = `${head}: ${unmet} — ${details.slice(0, shown).join('; ')}${rest > 0 ? `; +${rest} more` : ''}`;
    if (text.length <= MAX_STATUS_DESCRIPTION) return { state, description: text };
  }
  return { state, description: fitDescription(`${head}: ${unmet} — ${details[0] ?? ''}`) };
}
