import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';
import type { ServiceEnvironment } from './service-environment.js';

/** Props of {@link ClosTask}. */
export interface ClosTaskProps {
  readonly config: StageConfig;
  /** Short name: the task family is `<prefix>-<name>`, the log group `/clos/<stage>/<name>`. */
  readonly name: string;
  readonly image: ecs.ContainerImage;
  /** Overrides the image's command (the migration task). */
  readonly command?: readonly string[];
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly environment: ServiceEnvironment;
  /** Container ports to expose (the api, a self-hosted Temporal). */
  readonly ports?: readonly number[];
}

/**
 * A Fargate task definition with one container, its own log group with the stage's
 * retention, and an init process so signals reach Node and zombies are reaped.
 */
export class ClosTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ClosTaskProps) {
    super(scope, id);
    const { config, name } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/clos/${config.stage}/${name}`,
      retention: config.logs.retentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: `${config.prefix}-${name}`,
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });

    this.container = this.taskDefinition.addContainer(name, {
      image: props.image,
      ...(props.command ? { command: [...props.command] } : {}),
      essential: true,
      environment: props.environment.environment,
      secrets: props.environment.secrets,
      portMappings: (props.ports ?? []).map((containerPort) => ({ containerPort, name: `${name}-${containerPort}` })),
      linuxParameters: new ecs.LinuxParameters(this, 'Linux', { initProcessEnabled: true }),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: name,
        // A CloudWatch hiccup must not stall the process on a full pipe.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });

    acknowledge(this.taskDefinition, {
      'AwsSolutions-ECS2':
        'Only non-secret configuration (endpoints, names, the stage) is passed as plain environment; every credential comes from Secrets Manager through the task definition secrets.',
    });
    acknowledge(this.taskDefinition.obtainExecutionRole(), {
      'AwsSolutions-IAM5[Resource::*]':
        'ecr:GetAuthorizationToken, which the agent needs to pull the image, has no resource to scope to; every other statement of the execution role names its repository, log group or secrets.',
    });
  }
}
