import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EVENT_SOURCES, type EventSource } from '@clos/domain';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

/** Names of the source families, each with its own rule, queue, DLQ and processor service. */
export const EVENT_FAMILY_NAMES = ['github', 'linear', 'clos'] as const;

/** One of {@link EVENT_FAMILY_NAMES}. */
export type EventFamily = (typeof EVENT_FAMILY_NAMES)[number];

/**
 * Which domain event sources each family carries: the two webhook vendors apart, everything
 * CLOS itself emits (Slack, schedules, the API) together. A flood from one vendor then never
 * delays the others, and a poison event shows where it came from. Derived from the domain's
 * catalogue so that a new source is routed somewhere the day it is added.
 */
export const EVENT_FAMILIES: readonly { readonly name: EventFamily; readonly sources: readonly EventSource[] }[] = [
  { name: 'github', sources: ['github'] },
  { name: 'linear', sources: ['linear'] },
  { name: 'clos', sources: EVENT_SOURCES.filter((source) => source !== 'github' && source !== 'linear') },
];

/**
 * The EventBridge `source` the bus adapter gives an event of domain source `source`
 * (`clos.github`, …); the rules route on it.
 */
export function eventBridgeSource(source: EventSource): string {
  return `clos.${source}`;
}

/** A family's work queue and the DLQ its redrive policy moves poison messages to. */
export interface FamilyQueue {
  readonly family: EventFamily;
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
}

/** Props of {@link MessagingStack}. */
export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * The EventBridge bus `clos-<stage>` with its archive, a rule per source family into an SQS
 * queue with a DLQ, and the alarm topic every "DLQ not empty" alarm notifies.
 */
export class MessagingStack extends Stack {
  readonly bus: events.EventBus;
  readonly queues: readonly FamilyQueue[];
  /** EventBridge parks events here when it cannot deliver them to a family queue. */
  readonly undeliverable: sqs.Queue;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { prefix, messaging } = config;

    // CloudWatch may publish only to topics whose key lets it, so the AWS-managed SNS key is out.
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      alias: `alias/${prefix}-alarms`,
      description: `${prefix} alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      displayName: `CLOS ${config.stage} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: prefix, description: `CLOS domain events (${config.stage})` });
    this.bus.archive('Archive', {
      archiveName: `${prefix}-archive`,
      description: 'Every domain event, for replay after an outage',
      eventPattern: { account: [this.account] },
      retention: Duration.days(messaging.archiveRetentionDays),
    });

    this.undeliverable = new sqs.Queue(this, 'UndeliverableQueue', {
      queueName: `${prefix}-events-undeliverable`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.undeliverable, {
      'AwsSolutions-SQS3':
        'This queue is the dead-letter queue of the EventBridge rule targets (a target DLQ, not an SQS redrive policy, which the rule cannot see).',
    });
    this.alarmWhenNotEmpty(this.undeliverable, 'Undeliverable', `${prefix}-events-undeliverable-not-empty`);

    this.queues = EVENT_FAMILIES.map(({ name, sources }) => {
      const dlq = new sqs.Queue(this, `${pascal(name)}Dlq`, {
        queueName: `${prefix}-events-${name}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const queue = new sqs.Queue(this, `${pascal(name)}Queue`, {
        queueName: `${prefix}-events-${name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(messaging.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: messaging.maxReceiveCount },
      });
      new events.Rule(this, `${pascal(name)}Rule`, {
        ruleName: `${prefix}-${name}`,
        description: `Domain events from ${sources.join(', ')} to ${queue.node.id}`,
        eventBus: this.bus,
        eventPattern: { source: sources.map(eventBridgeSource) },
        targets: [
          new targets.SqsQueue(queue, {
            deadLetterQueue: this.undeliverable,
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
      this.alarmWhenNotEmpty(dlq, `${pascal(name)}Dlq`, `${prefix}-events-${name}-dlq-not-empty`);
      return { family: name, queue, dlq };
    });
  }

  private alarmWhenNotEmpty(queue: sqs.Queue, id: string, alarmName: string): void {
    const alarm = new cloudwatch.Alarm(this, `${id}NotEmpty`, {
      alarmName,
      alarmDescription: 'Messages are waiting in a dead-letter queue: nothing consumes them any more. Runbook: docs/operations.md, "DLQ not empty".',
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
