import { PROJECTION_KEYS } from '../shared/ids.js';
import type { ProjectionPort } from './ports.js';
import type { ProjectionView, WriteProjectionInput, WriteProjectionResult } from './types.js';

function keyOf(view: ProjectionView): { pk: string; sk: string } {
  return view.kind === 'podWip' ? PROJECTION_KEYS.podWip(view.podId) : PROJECTION_KEYS.projectStage(view.projectId);
}

/**
 * Stores a workflow's live view. The put is conditional on the version, so a retried
 * attempt (same version) or a late one (older version) is refused by the store rather than
 * rolling the view back; either way the newest view stays.
 */
export function writeProjectionActivity(deps: { projections?: ProjectionPort }): (input: WriteProjectionInput) => Promise<WriteProjectionResult> {
  return async ({ view, version }) => {
    if (deps.projections === undefined) return { written: false };
    const { pk, sk } = keyOf(view);
    const written = await deps.projections.put(pk, sk, { ...view.doc }, { version });
    return { written };
  };
}
