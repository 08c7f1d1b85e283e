import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';

/** Subnet group names, shared by every stack that places something in the VPC. */
export const SUBNETS = {
  /** The load balancer and the NAT gateways. */
  public: 'public',
  /** ECS tasks: no inbound from the internet, outbound through NAT (GitHub, Slack, Linear, ECR). */
  app: 'app',
  /** RDS: no route out of the VPC at all. */
  data: 'data',
} as const;

/** Props of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * The VPC over two or more AZs, its flow logs, the ECS cluster every task runs in and the
 * private DNS namespace services find each other by.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  /** `<prefix>.internal`, where e.g. a self-hosted Temporal registers as `temporal`. */
  readonly namespace: servicediscovery.PrivateDnsNamespace;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: config.prefix,
      ipAddresses: ec2.IpAddresses.cidr(config.network.cidr),
      maxAzs: config.network.maxAzs,
      natGateways: config.network.natGateways,
      subnetConfiguration: [
        { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: SUBNETS.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: SUBNETS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      logGroupName: `/clos/${config.stage}/vpc-flow-logs`,
      retention: config.logs.retentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: config.prefix,
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: `${config.prefix}.internal`,
      vpc: this.vpc,
      description: `Service discovery of ${config.prefix}`,
    });
  }
}
