import { formatDifferences, fullDiff } from '@aws-cdk/cloudformation-diff';
import type { SynthesizedStack } from './cloud-assembly.js';

/** How one stack compares with its baseline. */
export interface StackChange {
  readonly stack: string;
  /** Number of changed template elements (resources, outputs, …); 0 = nothing to deploy. */
  readonly changes: number;
  /** True when there was no baseline and the whole stack counts as new. */
  readonly isNew: boolean;
}

/**
 * Prints, for every stack, what deploying it over `baseline` would change, in the CDK's own
 * diff format, and returns a per-stack count. No AWS call is made.
 */
export function diffAgainstBaseline(
  stacks: readonly SynthesizedStack[],
  baseline: (stack: string) => Record<string, unknown> | undefined,
  out: NodeJS.WritableStream,
): StackChange[] {
  return stacks.map(({ name, template, paths }) => {
    const before = baseline(name);
    const diff = fullDiff(before ?? {}, template);
    out.write(`\nStack ${name}${before ? '' : ' (new)'}\n`);
    if (diff.isEmpty) out.write('There were no differences\n');
    else formatDifferences(out, diff, paths);
    return { stack: name, changes: diff.differenceCount, isNew: before === undefined };
  });
}
