import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { ApiService } from '../constructs/api-service.js';
import { ClosTask } from '../constructs/clos-task.js';
import { allowDatabaseFrom } from '../constructs/database-access.js';
import { QueueProcessor } from '../constructs/queue-processor.js';
import { serviceEnvironment, type ServiceWiring } from '../constructs/service-environment.js';
import { serviceImage } from '../constructs/service-images.js';
import { TemporalServer } from '../constructs/temporal-server.js';
import { COMPUTE_OUTPUTS, WEBHOOK_PATHS } from '../outputs.js';
import { AUDIT_CHECKPOINT_KEY, DATABASE_NAME, type AppSecrets } from './data-stack.js';
import type { FamilyQueue } from './messaging-stack.js';
import { SUBNETS } from './network-stack.js';

/** Props of {@link ComputeStack}: the resources of the other stacks it runs against. */
export interface ComputeStackProps extends StackProps {
  readonly config: StageConfig;
  readonly sourceRoot: string;
  /** The api's certificate (the stage config's, unless `bin/` overrides it). */
  readonly certificateArn: string;
  readonly cluster: ecs.ICluster;
  readonly namespace: servicediscovery.IPrivateDnsNamespace;
  readonly database: rds.DatabaseInstance;
  /** The master secret: the self-hosted Temporal server's login only. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** The services' least-privilege login. */
  readonly serviceDatabaseSecret: secretsmanager.ISecret;
  readonly auditCheckpointBucket: s3.IBucket;
  readonly tables: readonly dynamodb.ITableV2[];
  readonly tablePrefix: string;
  readonly secrets: AppSecrets;
  readonly bus: events.IEventBus;
  readonly queues: readonly FamilyQueue[];
  readonly alarmTopic: sns.ITopic;
  /** The organisation's clos.yml, when the stage names one. */
  readonly closConfigYaml?: string;
}

/**
 * The running system: the api behind its load balancer, a processor per source family, the
 * Temporal worker, and — when the stage does not use Temporal Cloud — a Temporal server.
 */
export class ComputeStack extends Stack {
  readonly api: ApiService;
  readonly processors: readonly QueueProcessor[];
  readonly worker: ecs.FargateService;
  readonly temporalServer?: TemporalServer;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { config, cluster, database } = props;

    let temporal: ServiceWiring['temporal'];
    if (config.temporal.mode === 'cloud') {
      temporal = { address: config.temporal.address, namespace: config.temporal.namespace };
    } else {
      this.temporalServer = new TemporalServer(this, 'Temporal', {
        config,
        temporal: config.temporal,
        cluster,
        namespace: props.namespace,
        database,
        databaseSecret: props.databaseSecret,
      });
      temporal = { address: this.temporalServer.address, namespace: config.temporal.namespace };
    }

    const wiring: ServiceWiring = {
      config,
      region: this.region,
      database: {
        host: database.dbInstanceEndpointAddress,
        port: database.dbInstanceEndpointPort,
        name: DATABASE_NAME,
        secret: props.serviceDatabaseSecret,
      },
      secrets: props.secrets,
      auditCheckpointBucket: props.auditCheckpointBucket.bucketName,
      temporal,
      busName: props.bus.eventBusName,
      tablePrefix: props.tablePrefix,
      ...(props.closConfigYaml === undefined ? {} : { closConfigYaml: props.closConfigYaml }),
    };

    this.api = new ApiService(this, 'Api', {
      config,
      cluster,
      image: serviceImage(props.sourceRoot, 'api'),
      environment: serviceEnvironment('api', wiring),
      certificateArn: props.certificateArn,
      alarmTopic: props.alarmTopic,
    });

    // X-Forwarded-For is believed only from the load balancer, which lives in the public
    // subnets: a client's own header, forged or not, never becomes its address.
    this.api.task.taskDefinition.defaultContainer?.addEnvironment(
      'TRUSTED_PROXIES',
      cluster.vpc.publicSubnets.map((subnet) => subnet.ipv4CidrBlock).join(','),
    );

    // The api writes checkpoints and reads them back to verify, on one object only; nothing
    // may delete them. ListBucket lets a missing object read as NoSuchKey, not AccessDenied.
    this.api.task.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.auditCheckpointBucket.arnForObjects(AUDIT_CHECKPOINT_KEY)],
      }),
    );
    this.api.task.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.auditCheckpointBucket.bucketArn] }),
    );

    const processorImage = serviceImage(props.sourceRoot, 'processor');
    const processorEnvironment = serviceEnvironment('processor', wiring);
    this.processors = props.queues.map(
      (queue) =>
        new QueueProcessor(this, `Processor${queue.family.charAt(0).toUpperCase()}${queue.family.slice(1)}`, {
          config,
          cluster,
          image: processorImage,
          environment: processorEnvironment,
          queue,
        }),
    );

    const workerTask = new ClosTask(this, 'Worker', {
      config,
      name: 'worker',
      image: serviceImage(props.sourceRoot, 'worker'),
      cpu: config.worker.size.cpu,
      memoryMiB: config.worker.size.memoryMiB,
      environment: serviceEnvironment('worker', wiring),
    });
    this.worker = new ecs.FargateService(this, 'WorkerService', {
      serviceName: `${config.prefix}-worker`,
      cluster,
      taskDefinition: workerTask.taskDefinition,
      desiredCount: config.worker.size.minCount,
      vpcSubnets: { subnetGroupName: SUBNETS.app },
      securityGroups: [
        new ec2.SecurityGroup(this, 'WorkerSecurityGroup', {
          vpc: cluster.vpc,
          description: `${config.prefix} worker tasks`,
          allowAllOutbound: true,
        }),
      ],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const services = [this.api.service, ...this.processors.map((p) => p.service), this.worker];
    for (const service of services) {
      allowDatabaseFrom(service, 'DatabaseAccess', database, service, `${service.serviceName} tasks`);
      this.temporalServer?.allowFrom(service, service.node.path);
      grantStores(service.taskDefinition.taskRole, props.tables);
    }
    // Publishers: the api (webhooks in) and the worker (events its activities raise).
    props.bus.grantPutEventsTo(this.api.service.taskDefinition.taskRole);
    props.bus.grantPutEventsTo(this.worker.taskDefinition.taskRole);

    const apiUrl = `https://${config.api.domainName}`;
    new CfnOutput(this, COMPUTE_OUTPUTS.apiUrl, { value: apiUrl });
    new CfnOutput(this, COMPUTE_OUTPUTS.githubWebhookUrl, { value: apiUrl + WEBHOOK_PATHS.github });
    new CfnOutput(this, COMPUTE_OUTPUTS.linearWebhookUrl, { value: apiUrl + WEBHOOK_PATHS.linear });
    new CfnOutput(this, COMPUTE_OUTPUTS.slackEventsUrl, { value: apiUrl + WEBHOOK_PATHS.slack });
    new CfnOutput(this, COMPUTE_OUTPUTS.loadBalancerDnsName, {
      value: this.api.loadBalancer.loadBalancerDnsName,
      description: `Point ${config.api.domainName} here (CNAME or Route 53 alias)`,
    });
    new CfnOutput(this, COMPUTE_OUTPUTS.temporalAddress, { value: temporal.address });
  }
}

function grantStores(role: iam.IGrantable, tables: readonly dynamodb.ITableV2[]): void {
  for (const table of tables) table.grantReadWriteData(role);
}
