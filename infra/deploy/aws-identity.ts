import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** Who the deploy runs as, when AWS credentials are available. */
export interface AwsIdentity {
  readonly account: string;
  readonly region: string;
  readonly arn: string;
}

/** Either the identity, or why there is none (shown to the user). */
export type IdentityLookup = { readonly identity: AwsIdentity } | { readonly identity?: undefined; readonly reason: string };

/**
 * Asks STS who the default credential chain (environment, profile, SSO, instance role)
 * belongs to. Never throws: a missing credential or region is an answer, not a crash, so
 * that `--dry-run` can fall back to its offline mode.
 */
export async function findAwsIdentity(): Promise<IdentityLookup> {
  const client = new STSClient({ maxAttempts: 1 });
  try {
    const region = await client.config.region();
    const answer = await client.send(new GetCallerIdentityCommand({}));
    if (!answer.Account || !answer.Arn) return { reason: 'STS returned no account' };
    return { identity: { account: answer.Account, region, arn: answer.Arn } };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] ?? String(error) };
  } finally {
    client.destroy();
  }
}
