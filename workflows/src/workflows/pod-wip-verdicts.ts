import { fitDescription, wipUsage } from '@clos/domain';
import type { WipMode, WipState } from '@clos/domain';

/** A commit status verdict. */
export interface Verdict {
  state: 'success' | 'failure';
  description: string;
}

/** The `clos/wip` description of a draft PR: it is tracked but takes no slot. */
export function draftDescription(wip: WipState): string {
  const usage = wipUsage(wip);
  return fitDescription(`WIP ${usage.regular}/${usage.limit} — draft, not counted; it asks for a slot when ready for review`);
}

/** A PR of a merge group: whether it holds a slot, and its own verdict when the pod tracks it. */
export interface MergeGroupMember {
  number: number;
  held: boolean;
  verdict?: Verdict;
}

/**
 * The verdict on a merge queue group's head SHA: green only when every PR in the group
 * holds a slot — never an automatic pass. A PR the pod does not track, or a draft, holds
 * none. Observe and warn modes stay green but say what enforce would do.
 */
export function describeMergeGroup(mode: WipMode, members: MergeGroupMember[]): Verdict {
  const soft = (why: string): Verdict => ({
    state: 'success',
    description: fitDescription(`${mode === 'warn' ? 'Over WIP limit: ' : 'Observe: enforce would block — '}${why}`),
  });
  if (members.length === 0) {
    const why = 'the merge group names no pull request CLOS can check';
    return mode === 'enforce' ? { state: 'failure', description: fitDescription(`Blocked: ${why}`) } : soft(why);
  }
  const blocked = members.find((m) => !m.held);
  if (blocked === undefined) {
    const numbers = members.map((m) => `#${m.number}`).join(', ');
    return { state: 'success', description: fitDescription(`WIP: ${numbers} hold${members.length === 1 ? 's' : ''} a slot`) };
  }
  // A tracked item's own verdict already speaks the pod's mode.
  if (blocked.verdict !== undefined) return blocked.verdict;
  const why = `#${blocked.number} holds no WIP slot`;
  return mode === 'enforce' ? { state: 'failure', description: why } : soft(why);
}
