import { CHECK_CONCLUSIONS, type CheckConclusion, type EventPayload } from '@clos/domain';

type ReviewState = EventPayload<'pr.review_submitted'>['review']['state'];

const KNOWN_CONCLUSIONS: ReadonlySet<string> = new Set(CHECK_CONCLUSIONS);

/**
 * GitHub's check conclusion in the domain's words. A completed check without a conclusion
 * is still pending; one GitHub invents later (e.g. `startup_failure`) counts as a failure,
 * because a gate must never pass on a result it does not understand.
 */
export function toCheckConclusion(conclusion: string | null): CheckConclusion {
  if (conclusion === null) return 'pending';
  const lower = conclusion.toLowerCase();
  return KNOWN_CONCLUSIONS.has(lower) ? (lower as CheckConclusion) : 'failure';
}

/** GitHub review states (webhooks send lower case, REST upper case); `null` for `pending` and unknowns. */
export function toReviewState(state: string): ReviewState | null {
  switch (state.toLowerCase()) {
    case 'approved':
      return 'approved';
    case 'changes_requested':
      return 'changes_requested';
    case 'commented':
      return 'commented';
    case 'dismissed':
      return 'dismissed';
    default:
      return null;
  }
}
