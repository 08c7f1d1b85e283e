/**
 * Names shared by the stacks and `npm run deploy`, kept free of CDK imports so the deploy
 * command can read them without loading the construct library.
 */
import type { StageConfig } from './config.js';

/** The CloudFormation stack names of a stage, in deploy order. */
export function stackNames(config: Pick<StageConfig, 'prefix'>) {
  return {
    network: `${config.prefix}-network`,
    data: `${config.prefix}-data`,
    messaging: `${config.prefix}-messaging`,
    migrations: `${config.prefix}-migrations`,
    compute: `${config.prefix}-compute`,
  } as const;
}

/** Outputs of the migrations stack: what running the migration task needs. */
export const MIGRATION_OUTPUTS = {
  cluster: 'ClusterName',
  taskDefinition: 'MigrationTaskDefinitionArn',
  subnets: 'MigrationSubnetIds',
  securityGroup: 'MigrationSecurityGroupId',
  logGroup: 'MigrationLogGroupName',
} as const;

/** Outputs of the compute stack that the deploy prints. */
export const COMPUTE_OUTPUTS = {
  apiUrl: 'ApiUrl',
  githubWebhookUrl: 'GithubWebhookUrl',
  linearWebhookUrl: 'LinearWebhookUrl',
  slackEventsUrl: 'SlackEventsUrl',
  loadBalancerDnsName: 'LoadBalancerDnsName',
  temporalAddress: 'TemporalAddress',
} as const;

/** Where the vendors deliver webhooks, relative to the api's public URL. */
export const WEBHOOK_PATHS = {
  github: '/webhooks/github',
  linear: '/webhooks/linear',
  slack: '/slack/events',
} as const;
