import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct (and everything below it). Every entry maps a
 * rule id — with its finding suffix where the rule reports several, e.g.
 * `AwsSolutions-IAM5[Resource::*]` — to the reason the finding is accepted.
 */
export function acknowledge(scope: IConstruct, reasons: Readonly<Record<string, string>>): void {
  for (const [id, reason] of Object.entries(reasons)) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
