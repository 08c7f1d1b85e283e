import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Tags, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StageConfig } from './config.js';
import { stackNames } from './outputs.js';
import { ComputeStack } from './stacks/compute-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { MessagingStack } from './stacks/messaging-stack.js';
import { MigrationsStack } from './stacks/migrations-stack.js';
import { NetworkStack } from './stacks/network-stack.js';

/** What {@link addClosStacks} needs beyond the stage config. */
export interface ClosAppProps {
  readonly config: StageConfig;
  /** The repository root: the Docker build context of the service images. */
  readonly sourceRoot: string;
  /** Account and region, as `bin/` found them. An unknown account synthesizes environment-agnostic stacks. */
  readonly env?: Environment;
  /** Replaces the stage config's certificate ARN. */
  readonly certificateArn?: string;
}

/** Every stack of a stage. */
export interface ClosStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly migrations: MigrationsStack;
  readonly compute: ComputeStack;
}

/**
 * Adds a stage's five stacks to `app`, wired through typed props, and registers the cdk-nag
 * AwsSolutions checks, so that any unacknowledged finding fails synthesis.
 */
export function addClosStacks(app: App, props: ClosAppProps): ClosStacks {
  const { config, sourceRoot } = props;
  const names = stackNames(config);
  const common = { ...(props.env ? { env: props.env } : {}) };
  Tags.of(app).add('clos:stage', config.stage);
  Tags.of(app).add('clos:project', 'clos');

  const network = new NetworkStack(app, names.network, {
    ...common,
    config,
    description: `CLOS ${config.stage}: VPC, ECS cluster, service discovery`,
  });
  const data = new DataStack(app, names.data, {
    ...common,
    config,
    vpc: network.vpc,
    description: `CLOS ${config.stage}: RDS Postgres, DynamoDB tables, secrets (termination-protected)`,
  });
  const messaging = new MessagingStack(app, names.messaging, {
    ...common,
    config,
    description: `CLOS ${config.stage}: EventBridge bus, rules, SQS queues with DLQs, alarms`,
  });
  const migrations = new MigrationsStack(app, names.migrations, {
    ...common,
    config,
    sourceRoot,
    vpc: network.vpc,
    cluster: network.cluster,
    database: data.database,
    databaseSecret: data.databaseSecret,
    serviceDatabaseSecret: data.serviceDatabaseSecret,
    description: `CLOS ${config.stage}: the database migration task`,
  });
  const closConfigYaml = config.closConfigFile ? readFileSync(resolve(sourceRoot, config.closConfigFile), 'utf8') : undefined;
  const compute = new ComputeStack(app, names.compute, {
    ...common,
    config,
    sourceRoot,
    certificateArn: props.certificateArn ?? config.api.certificateArn,
    cluster: network.cluster,
    namespace: network.namespace,
    database: data.database,
    databaseSecret: data.databaseSecret,
    serviceDatabaseSecret: data.serviceDatabaseSecret,
    auditCheckpointBucket: data.auditCheckpointBucket,
    tables: [data.tables.idempotency, data.tables.projections],
    tablePrefix: data.tablePrefix,
    secrets: data.secrets,
    bus: messaging.bus,
    queues: messaging.queues,
    alarmTopic: messaging.alarmTopic,
    ...(closConfigYaml === undefined ? {} : { closConfigYaml }),
    description: `CLOS ${config.stage}: api, processors, worker${config.temporal.mode === 'self-hosted' ? ', Temporal server' : ''}`,
  });
  // Services start after their schema exists: the deploy runs the migration task in between.
  compute.addStackDependency(migrations);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { network, data, messaging, migrations, compute };
}
