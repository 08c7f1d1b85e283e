import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import type { FamilyQueue } from '../stacks/messaging-stack.js';
import { SUBNETS } from '../stacks/network-stack.js';
import { ClosTask } from './clos-task.js';
import type { ServiceEnvironment } from './service-environment.js';

/** Props of {@link QueueProcessor}. */
export interface QueueProcessorProps {
  readonly config: StageConfig;
  readonly cluster: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  /** Everything but EVENT_QUEUE_URL, which this construct sets to its family's queue. */
  readonly environment: ServiceEnvironment;
  readonly queue: FamilyQueue;
}

/**
 * The processor for one source family: a Fargate service consuming that family's queue,
 * scaled on the number of messages waiting in it.
 */
export class QueueProcessor extends Construct {
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: QueueProcessorProps) {
    super(scope, id);
    const { config, queue } = props;
    const name = `processor-${queue.family}`;
    const size = config.processor.size;

    const task = new ClosTask(this, 'Processor', {
      config,
      name,
      image: props.image,
      cpu: size.cpu,
      memoryMiB: size.memoryMiB,
      environment: {
        environment: { ...props.environment.environment, EVENT_QUEUE_URL: queue.queue.queueUrl },
        secrets: props.environment.secrets,
      },
    });
    queue.queue.grantConsumeMessages(task.taskDefinition.taskRole);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${config.prefix} ${name} tasks`,
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `${config.prefix}-${name}`,
      cluster: props.cluster,
      taskDefinition: task.taskDefinition,
      vpcSubnets: { subnetGroupName: SUBNETS.app },
      securityGroups: [securityGroup],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const backlog = config.processor.scaleOutBacklog;
    const scaling = this.service.autoScaleTaskCount({ minCapacity: size.minCount, maxCapacity: size.maxCount });
    scaling.scaleOnMetric('QueueDepth', {
      metric: queue.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: Math.max(1, Math.floor(backlog / 10)), change: -1 },
        { lower: backlog, change: +1 },
        { lower: backlog * 10, change: +3 },
      ],
      cooldown: Duration.minutes(2),
    });
  }
}
