import { ConfigHolder, LivePolicy, publishPolicy, type ConfigSource, type PublishOutcome, type PublishPolicyInput } from '@clos/platform';
import type pg from 'pg';

/** Publishes new policy versions and puts them in force in this process. */
export interface PolicyPublisher {
  publish(input: PublishPolicyInput): Promise<PublishOutcome>;
}

/**
 * The publisher for a policy source: a {@link LivePolicy} publishes and reloads; a plain
 * holder (tests, tools without a follower) publishes and takes the new version directly, so
 * the database and the holder agree either way; any other source only publishes.
 */
export function policyPublisher(pool: pg.Pool, holder: ConfigSource): PolicyPublisher {
  if (holder instanceof LivePolicy) return holder;
  return {
    async publish(input) {
      const outcome = await publishPolicy(pool, input);
      if (outcome.status === 'published' && holder instanceof ConfigHolder) holder.replace(input.config, outcome.version);
      return outcome;
    },
  };
}
