import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';
import { SUBNETS } from '../stacks/network-stack.js';
import { ClosTask } from './clos-task.js';
import { API_PORT, type ServiceEnvironment } from './service-environment.js';

/** Path of the api's health endpoint. */
export const HEALTH_PATH = '/healthz';

/** Props of {@link ApiService}. */
export interface ApiServiceProps {
  readonly config: StageConfig;
  readonly cluster: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  readonly environment: ServiceEnvironment;
  /** The ACM certificate of `config.api.domainName`. */
  readonly certificateArn: string;
  readonly alarmTopic: sns.ITopic;
}

/**
 * The api on Fargate behind an internet-facing ALB: HTTPS only (HTTP redirects), access
 * logs to S3, CPU autoscaling, and alarms on 5xx answers and unhealthy targets.
 */
export class ApiService extends Construct {
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly task: ClosTask;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const { config, cluster } = props;
    const vpc = cluster.vpc;

    this.task = new ClosTask(this, 'Api', {
      config,
      name: 'api',
      image: props.image,
      cpu: config.api.size.cpu,
      memoryMiB: config.api.size.memoryMiB,
      environment: props.environment,
      ports: [API_PORT],
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, {
      'AwsSolutions-S1': 'This bucket holds the load balancer access logs; logging access to the log bucket itself would recurse.',
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `${config.prefix} api load balancer: HTTPS (and HTTP to redirect) from anywhere`,
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from GitHub, Linear, Slack and users');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, answered with a redirect to HTTPS');
    acknowledge(albSecurityGroup, {
      'AwsSolutions-EC23':
        'The api receives webhooks from GitHub, Linear and Slack, whose sender addresses change; it must be reachable from the internet. Every request is authenticated (signature or token).',
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      loadBalancerName: `${config.prefix}-api`,
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: SUBNETS.public },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(accessLogs, 'alb');

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `${config.prefix} api tasks`,
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `${config.prefix}-api`,
      cluster,
      taskDefinition: this.task.taskDefinition,
      vpcSubnets: { subnetGroupName: SUBNETS.app },
      securityGroups: [serviceSecurityGroup],
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const https = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
    });
    this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
    const targets = https.addTargets('Api', {
      targetGroupName: `${config.prefix}-api`,
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: HEALTH_PATH,
        // 503 means "running, but a dependency is down" (the body names it). Replacing the task
        // cannot fix Postgres or Temporal and would drop webhooks the api can still accept, so
        // the balancer treats it as alive; the dependency's own alarms report the outage.
        healthyHttpCodes: '200,503',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: config.api.size.minCount,
      maxCapacity: config.api.size.maxCount,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: config.api.targetCpuPercent,
      scaleInCooldown: Duration.minutes(2),
      scaleOutCooldown: Duration.seconds(60),
    });

    const notify = new actions.SnsAction(props.alarmTopic);
    const errors = new cloudwatch.Alarm(this, 'Target5xx', {
      alarmName: `${config.prefix}-api-5xx`,
      alarmDescription: 'The api answered 5xx to 10 or more requests in 5 minutes.',
      metric: targets.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 10,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    errors.addAlarmAction(notify);
    const unhealthy = new cloudwatch.Alarm(this, 'UnhealthyTargets', {
      alarmName: `${config.prefix}-api-unhealthy`,
      alarmDescription: 'An api task fails its health check (it does not answer /healthz).',
      metric: targets.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    unhealthy.addAlarmAction(notify);
  }
}
