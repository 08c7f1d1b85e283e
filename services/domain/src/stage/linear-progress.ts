/**
 * How far a Linear project is, for `linearDone` criteria: its issues with canceled ones left
 * out (they will never be done and must not hold a gate, nor count as work finished), and how
 * many of those are completed. The one definition: the processor's count after a Linear
 * webhook and the gate's own reading agree on it.
 */
export function linearProgress(issues: readonly { stateType: string }[]): { total: number; done: number } {
  const counted = issues.filter((issue) => issue.stateType !== 'canceled');
  return { total: counted.length, done: counted.filter((issue) => issue.stateType === 'completed').length };
}
