import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { ClosTask } from '../constructs/clos-task.js';
import { allowDatabaseFrom } from '../constructs/database-access.js';
import { MIGRATE_COMMAND, serviceImage } from '../constructs/service-images.js';
import { databaseEnvironment, type ServiceEnvironment } from '../constructs/service-environment.js';
import { MIGRATION_OUTPUTS } from '../outputs.js';
import { DATABASE_NAME } from './data-stack.js';
import { SUBNETS } from './network-stack.js';

/** Props of {@link MigrationsStack}. */
export interface MigrationsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly sourceRoot: string;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly database: rds.DatabaseInstance;
  readonly databaseSecret: secretsmanager.ISecret;
  /** The services' login, which the task creates (or re-passwords) after migrating. */
  readonly serviceDatabaseSecret: secretsmanager.ISecret;
}

/**
 * The one-off migration task: the api image running the migrate command. Deployed before the
 * services so that `npm run deploy` can bring the schema up to date before new code starts.
 */
export class MigrationsStack extends Stack {
  readonly task: ClosTask;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MigrationsStackProps) {
    super(scope, id, props);
    const { config, vpc, database } = props;

    this.task = new ClosTask(this, 'Migrate', {
      config,
      name: 'migrate',
      image: serviceImage(props.sourceRoot, 'api'),
      command: MIGRATE_COMMAND,
      cpu: 256,
      memoryMiB: 512,
      environment: migrationEnvironment(
        databaseEnvironment({
          host: database.dbInstanceEndpointAddress,
          port: database.dbInstanceEndpointPort,
          name: DATABASE_NAME,
          secret: props.databaseSecret,
        }),
        props.serviceDatabaseSecret,
      ),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `${config.prefix} migration task`,
      allowAllOutbound: true,
    });
    allowDatabaseFrom(this, 'DatabaseAccess', database, this.securityGroup, 'migration task');

    const subnets = vpc.selectSubnets({ subnetGroupName: SUBNETS.app });
    new CfnOutput(this, MIGRATION_OUTPUTS.cluster, { value: props.cluster.clusterName });
    new CfnOutput(this, MIGRATION_OUTPUTS.taskDefinition, { value: this.task.taskDefinition.taskDefinitionArn });
    new CfnOutput(this, MIGRATION_OUTPUTS.subnets, { value: subnets.subnetIds.join(',') });
    new CfnOutput(this, MIGRATION_OUTPUTS.securityGroup, { value: this.securityGroup.securityGroupId });
    new CfnOutput(this, MIGRATION_OUTPUTS.logGroup, { value: this.task.logGroup.logGroupName });
  }
}

/**
 * The migration task runs as the master user (the schema's owner) and is handed the services'
 * login to create; it never gets AUDIT_CHAIN_KEY, so the owner cannot forge keyed entries.
 */
function migrationEnvironment(owner: ServiceEnvironment, service: secretsmanager.ISecret): ServiceEnvironment {
  return {
    environment: owner.environment,
    secrets: {
      ...owner.secrets,
      DATABASE_SERVICE_USER: ecs.Secret.fromSecretsManager(service, 'username'),
      DATABASE_SERVICE_PASSWORD: ecs.Secret.fromSecretsManager(service, 'password'),
    },
  };
}
