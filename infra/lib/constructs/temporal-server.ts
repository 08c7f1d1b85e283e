import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import type { StageConfig, TemporalSelfHostedConfig } from '../config.js';
import { SUBNETS } from '../stacks/network-stack.js';
import { ClosTask } from './clos-task.js';
import { allowDatabaseFrom } from './database-access.js';

/** Temporal's frontend gRPC port. */
export const TEMPORAL_PORT = 7233;

/** Props of {@link TemporalServer}. */
export interface TemporalServerProps {
  readonly config: StageConfig;
  readonly temporal: TemporalSelfHostedConfig;
  readonly cluster: ecs.ICluster;
  readonly namespace: servicediscovery.IPrivateDnsNamespace;
  readonly database: rds.DatabaseInstance;
  readonly databaseSecret: secretsmanager.ISecret;
}

/**
 * A single-binary Temporal server (all four services in one task) keeping its state in the
 * stage's RDS instance, in databases `temporal` and `temporal_visibility` it creates and
 * migrates itself at boot. Reachable only from the tasks granted access, at
 * `temporal.<prefix>.internal:7233`.
 */
export class TemporalServer extends Construct {
  /** `host:port` for TEMPORAL_ADDRESS. */
  readonly address: string;
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: TemporalServerProps) {
    super(scope, id);
    const { config, temporal, database, databaseSecret } = props;
    const host = database.dbInstanceEndpointAddress;
    const port = database.dbInstanceEndpointPort;
    const user = ecs.Secret.fromSecretsManager(databaseSecret, 'username');
    const password = ecs.Secret.fromSecretsManager(databaseSecret, 'password');

    const task = new ClosTask(this, 'Server', {
      config,
      name: 'temporal',
      image: ecs.ContainerImage.fromRegistry(temporal.image),
      cpu: temporal.size.cpu,
      memoryMiB: temporal.size.memoryMiB,
      ports: [TEMPORAL_PORT],
      environment: {
        environment: {
          // Current variable names and the older ones, so a pinned image of either era works.
          SQL_PLUGIN: 'postgres12',
          DB: 'postgres12',
          SQL_HOST: host,
          POSTGRES_SEEDS: host,
          SQL_PORT: port,
          DB_PORT: port,
          SQL_DATABASE: 'temporal',
          DBNAME: 'temporal',
          SQL_VISIBILITY_DATABASE: 'temporal_visibility',
          VISIBILITY_DBNAME: 'temporal_visibility',
          // RDS enforces TLS. The image does not carry the RDS CA, so the certificate is not
          // verified; the connection never leaves the VPC.
          SQL_TLS_ENABLED: 'true',
          SQL_TLS: 'true',
          SQL_HOST_VERIFICATION: 'false',
          POSTGRES_TLS_ENABLED: 'true',
          POSTGRES_TLS_DISABLE_HOST_VERIFICATION: 'true',
          DEFAULT_NAMESPACE: temporal.namespace,
          DEFAULT_NAMESPACE_RETENTION: temporal.retention,
          SKIP_ADD_CUSTOM_SEARCH_ATTRIBUTES: 'true',
        },
        secrets: { SQL_USER: user, POSTGRES_USER: user, SQL_PASSWORD: password, POSTGRES_PWD: password },
      },
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${config.prefix} Temporal server`,
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `${config.prefix}-temporal`,
      cluster: props.cluster,
      taskDefinition: task.taskDefinition,
      desiredCount: 1,
      // A second server joins the same cluster through the database, so a rolling
      // deploy never leaves the workers without one.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetGroupName: SUBNETS.app },
      securityGroups: [securityGroup],
      circuitBreaker: { enable: true, rollback: true },
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      cloudMapOptions: {
        name: 'temporal',
        cloudMapNamespace: props.namespace,
        dnsRecordType: servicediscovery.DnsRecordType.A,
        dnsTtl: Duration.seconds(10),
      },
    });
    allowDatabaseFrom(this, 'DatabaseAccess', database, this.service, 'Temporal server');
    this.address = `temporal.${props.namespace.namespaceName}:${TEMPORAL_PORT}`;
  }

  /** Lets `peer` reach the frontend port. */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.service.connections.allowFrom(peer, ec2.Port.tcp(TEMPORAL_PORT), description);
  }
}
