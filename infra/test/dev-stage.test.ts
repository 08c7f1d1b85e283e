import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { EVENT_SOURCES } from '@clos/domain';
import { EVENT_FAMILIES, STAGES, WEBHOOK_PATHS, eventBridgeSource } from '../lib/index.js';
import { containers, nagFindings, synthStage, type SynthesizedStage } from './synth-stage.js';

// One synthesis for the whole file: it is the slow part.
let dev: SynthesizedStage;
beforeAll(() => {
  dev = synthStage(STAGES.dev);
}, 180_000);

describe('dev stage', () => {
  it('passes the cdk-nag AwsSolutions checks, every suppression carrying a reason', () => {
    expect(nagFindings(dev.app)).toEqual([]);
    const acknowledgements = dev.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([rule]) => rule.includes('AwsSolutions-'));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [, reason] of acknowledgements) expect(reason.length).toBeGreaterThan(40);
  });

  it('meets the deployment contract across its stacks', () => {
    const all = Object.values(dev.templates);
    const count = (type: string) => all.reduce((n, t) => n + Object.keys(t.findResources(type)).length, 0);
    expect(count('AWS::ECS::Service')).toBeGreaterThanOrEqual(3);
    expect(count('AWS::RDS::DBInstance')).toBe(1);
    expect(count('AWS::DynamoDB::GlobalTable')).toBe(2);
    expect(count('AWS::Events::EventBus')).toBe(1);
    expect(count('AWS::Events::Rule')).toBe(EVENT_FAMILIES.length);
    dev.templates.compute.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
    });
  });

  describe('network', () => {
    it('spans two AZs with public, private and isolated subnets and logs its flows', () => {
      const t = dev.templates.network;
      const subnets = Object.values(t.findResources('AWS::EC2::Subnet')) as { Properties: { MapPublicIpOnLaunch: boolean; AvailabilityZone: unknown } }[];
      expect(subnets).toHaveLength(6);
      expect(new Set(subnets.map((s) => JSON.stringify(s.Properties.AvailabilityZone))).size).toBe(2);
      expect(subnets.filter((s) => s.Properties.MapPublicIpOnLaunch)).toHaveLength(2);
      t.resourceCountIs('AWS::EC2::NatGateway', 1);
      t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
      t.hasResourceProperties('AWS::ECS::Cluster', {
        ClusterName: 'clos-dev',
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      });
      t.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'clos-dev.internal' });
    });
  });

  describe('data', () => {
    it('is termination-protected', () => {
      expect(dev.assembly.getStackByName('clos-dev-data').terminationProtection).toBe(true);
    });

    it('keeps Postgres encrypted, backed up, deletion-protected, under a stable logical id', () => {
      const t = dev.templates.data;
      t.hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: 'Snapshot',
        Properties: Match.objectLike({
          DBInstanceIdentifier: 'clos-dev-postgres',
          Engine: 'postgres',
          EngineVersion: '17',
          StorageEncrypted: true,
          DeletionProtection: true,
          BackupRetentionPeriod: 7,
          MultiAZ: false,
          PubliclyAccessible: false,
          DBName: 'clos',
        }),
      });
      expect(Object.keys(t.findResources('AWS::RDS::DBInstance'))).toEqual(['PostgresInstance']);
      t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/rds/instance/clos-dev-postgres/postgresql',
        RetentionInDays: 30,
      });
    });

    it('has the tables the services derive from DYNAMODB_TABLE_PREFIX, with TTL and point-in-time recovery', () => {
      const t = dev.templates.data;
      t.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          TableName: 'clos-dev-idempotency',
          KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
        }),
      });
      t.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: 'clos-dev-projections',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
      expect(Object.keys(t.findResources('AWS::DynamoDB::GlobalTable')).sort()).toEqual(['IdempotencyTable', 'ProjectionsTable']);
    });

    it('keeps one secret per integration, retained, and no Temporal Cloud secret in self-hosted mode', () => {
      const t = dev.templates.data;
      for (const name of ['clos/dev/database', 'clos/dev/github', 'clos/dev/slack', 'clos/dev/linear']) {
        t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: name });
      }
      expect(Object.values(t.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'clos/dev/temporal' } }))).toHaveLength(0);
      t.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ Name: 'clos/dev/github' }) });
      t.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'clos/dev/database-service',
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"clos_service"}', GenerateStringKey: 'password' }),
      });
      t.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'clos/dev/audit-chain',
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'key' }),
      });
    });

    it('keeps audit checkpoints in a versioned bucket under compliance object lock', () => {
      dev.templates.data.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } },
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      });
      // The api may read and write the one checkpoint object, and delete nothing.
      const policies = JSON.stringify(dev.templates.compute.findResources('AWS::IAM::Policy'));
      expect(policies).toContain('audit/head.json');
      expect(policies).not.toMatch(/s3:DeleteObject/);
    });
  });

  describe('messaging', () => {
    it('routes every domain event source to exactly one family queue', () => {
      const routed = EVENT_FAMILIES.flatMap((family) => family.sources);
      expect([...routed].sort()).toEqual([...EVENT_SOURCES].sort());
      const t = dev.templates.messaging;
      t.hasResourceProperties('AWS::Events::EventBus', { Name: 'clos-dev' });
      for (const family of EVENT_FAMILIES) {
        t.hasResourceProperties('AWS::Events::Rule', {
          Name: `clos-dev-${family.name}`,
          EventBusName: { Ref: Match.anyValue() },
          EventPattern: { source: family.sources.map(eventBridgeSource) },
          Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${family.name[0]!.toUpperCase()}`), 'Arn'] }, DeadLetterConfig: Match.anyValue() })],
        });
      }
    });

    it('gives every family queue a DLQ through its redrive policy, and alarms when a DLQ is not empty', () => {
      const t = dev.templates.messaging;
      for (const family of EVENT_FAMILIES) {
        t.hasResourceProperties('AWS::SQS::Queue', {
          QueueName: `clos-dev-events-${family.name}`,
          SqsManagedSseEnabled: true,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, maxReceiveCount: 5 },
        });
        t.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `clos-dev-events-${family.name}-dlq-not-empty`,
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
        });
      }
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clos-dev-events-undeliverable-not-empty' });
      t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'clos-dev-alarms', KmsMasterKeyId: Match.anyValue() });
      t.hasResourceProperties('AWS::Events::Archive', { ArchiveName: 'clos-dev-archive', RetentionDays: 7 });
    });
  });

  describe('migrations', () => {
    it('defines the one-off migration task on the api image, and the outputs the deploy runs it with', () => {
      const t = dev.templates.migrations;
      const [task] = containers(t);
      expect(task?.Command).toEqual(['node', 'database/dist/src/cli.js']);
      // The owner's login, and the services' login it creates; never the audit chain key.
      expect(task?.Secrets?.map((s) => s.Name).sort()).toEqual([
        'DATABASE_PASSWORD',
        'DATABASE_SERVICE_PASSWORD',
        'DATABASE_SERVICE_USER',
        'DATABASE_USER',
      ]);
      for (const output of ['ClusterName', 'MigrationTaskDefinitionArn', 'MigrationSubnetIds', 'MigrationSecurityGroupId', 'MigrationLogGroupName']) {
        t.hasOutput(output, {});
      }
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432, Description: 'migration task' });
    });

    it('is deployed before the services', () => {
      expect(dev.stacks.compute.dependencies.map((s) => s.stackName)).toContain('clos-dev-migrations');
    });
  });

  describe('compute', () => {
    it('runs the api, a processor per family, the worker and a self-hosted Temporal', () => {
      const names = Object.values(dev.templates.compute.findResources('AWS::ECS::Service')).map(
        (s) => (s as { Properties: { ServiceName: string } }).Properties.ServiceName,
      );
      expect(names.sort()).toEqual(
        ['clos-dev-api', 'clos-dev-worker', 'clos-dev-temporal', ...EVENT_FAMILIES.map((f) => `clos-dev-processor-${f.name}`)].sort(),
      );
      dev.templates.compute.hasResourceProperties('AWS::ECS::Service', {
        ServiceName: 'clos-dev-temporal',
        ServiceRegistries: [Match.objectLike({ RegistryArn: Match.anyValue() })],
      });
    });

    it('serves the api over TLS only, redirecting HTTP, health-checked on /healthz', () => {
      const t = dev.templates.compute;
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: STAGES.dev.api.certificateArn }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 80,
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Port: 8080,
        HealthCheckPath: '/healthz',
        TargetType: 'ip',
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
      });
    });

    it('scales the api on CPU and each processor on its queue depth', () => {
      const t = dev.templates.compute;
      t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1 + EVENT_FAMILIES.length);
      t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 60,
        }),
      });
      const stepPolicies = t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'StepScaling' } });
      expect(Object.keys(stepPolicies).length).toBe(2 * EVENT_FAMILIES.length);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS' });
    });

    it('gives every service a log group with the stage retention', () => {
      const t = dev.templates.compute;
      for (const name of ['api', 'worker', 'temporal', ...EVENT_FAMILIES.map((f) => `processor-${f.name}`)]) {
        t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/clos/dev/${name}`, RetentionInDays: 30 });
      }
    });

    it('wires the services by the environment contract, with every credential from Secrets Manager', () => {
      const byName = new Map(containers(dev.templates.compute).map((c) => [c.Name, c]));
      const env = (name: string) => Object.fromEntries((byName.get(name)?.Environment ?? []).map((e) => [e.Name, e.Value]));
      const secrets = (name: string) => (byName.get(name)?.Secrets ?? []).map((s) => s.Name).sort();

      expect(env('api')).toMatchObject({
        EVENT_BUS: 'eventbridge',
        EVENT_BUS_NAME: expect.anything(),
        DYNAMODB_TABLE_PREFIX: 'clos-dev',
        TEMPORAL_ADDRESS: 'temporal.clos-dev.internal:7233',
        TEMPORAL_NAMESPACE: 'default',
        DATABASE_NAME: 'clos',
        DATABASE_SSLMODE: 'verify-full',
        PORT: '8080',
        PUBLIC_URL: 'https://clos.dev.example.com',
      });
      expect(env('api').DATABASE_HOST).toBeDefined();
      expect(secrets('api')).toEqual(
        [
          'AUDIT_CHAIN_KEY',
          'DATABASE_PASSWORD',
          'DATABASE_USER',
          'GITHUB_APP_ID',
          'GITHUB_PRIVATE_KEY',
          'GITHUB_TOKEN',
          'GITHUB_WEBHOOK_SECRET',
          'LINEAR_API_KEY',
          'LINEAR_WEBHOOK_SECRET',
          'SLACK_BOT_TOKEN',
          'SLACK_SIGNING_SECRET',
        ].sort(),
      );
      for (const family of EVENT_FAMILIES) {
        const processor = `processor-${family.name}`;
        expect(env(processor).EVENT_QUEUE_URL).toEqual({ 'Fn::ImportValue': expect.stringContaining(`${family.name.charAt(0).toUpperCase()}${family.name.slice(1)}Queue`) });
        expect(secrets(processor)).not.toContain('GITHUB_WEBHOOK_SECRET');
      }
      expect(env('worker').EVENT_QUEUE_URL).toBeUndefined();
      expect(env('api').CLOS_STAGE_KIND).toBe('development');
      expect(env('api').AUDIT_CHECKPOINT_BUCKET).toEqual({ 'Fn::ImportValue': expect.stringContaining('AuditCheckpointBucket') });
      // Every service logs in as the least-privilege role, not as the master user.
      for (const name of ['api', 'worker', ...EVENT_FAMILIES.map((f) => `processor-${f.name}`)]) {
        const user = byName.get(name)?.Secrets?.find((s) => s.Name === 'DATABASE_USER');
        expect(JSON.stringify(user)).toContain('ServiceDatabaseSecret');
        expect(secrets(name)).toContain('AUDIT_CHAIN_KEY');
      }
      for (const container of byName.values()) {
        for (const variable of container.Environment ?? []) expect(variable.Name).not.toMatch(/PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY/);
      }
    });

    it('builds the three service images from the repository, without node_modules or local state in the context', () => {
      const manifest = JSON.parse(readFileSync(join(dev.assembly.directory, 'clos-dev-compute.assets.json'), 'utf8')) as {
        dockerImages: Record<string, { source: { directory: string; dockerFile: string; platform?: string } }>;
      };
      const images = Object.values(manifest.dockerImages).map((image) => image.source);
      expect(images.map((image) => image.dockerFile).sort()).toEqual(['services/api/Dockerfile', 'services/processor/Dockerfile', 'workflows/Dockerfile']);
      for (const image of images) {
        expect(image.platform).toBe('linux/amd64');
        const context = join(dev.assembly.directory, image.directory);
        const top = readdirSync(context);
        expect(top).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'services', 'workflows', 'database']));
        for (const absent of ['node_modules', '.git', '.clos', '.tools', 'cdk.out', 'docs']) expect(top).not.toContain(absent);
        expect(walk(context).some((p) => p.includes('/node_modules/') || p.includes('/dist/'))).toBe(false);
      }
    });

    it('publishes the webhook URLs the deploy prints', () => {
      const t = dev.templates.compute;
      t.hasOutput('GithubWebhookUrl', { Value: `https://clos.dev.example.com${WEBHOOK_PATHS.github}` });
      t.hasOutput('LinearWebhookUrl', { Value: `https://clos.dev.example.com${WEBHOOK_PATHS.linear}` });
      t.hasOutput('SlackEventsUrl', { Value: `https://clos.dev.example.com${WEBHOOK_PATHS.slack}` });
    });
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [`${path}/`, ...walk(path)] : [path];
  });
}
