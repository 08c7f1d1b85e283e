import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_FAMILIES, STAGES, type StageConfig } from '../lib/index.js';
import { containers, nagFindings, repoRoot, synthStage, type SynthesizedStage } from './synth-stage.js';

const account = '111111111111';
const region = 'eu-west-1';
const certificateArn = `arn:aws:acm:${region}:${account}:certificate/11111111-2222-3333-4444-555555555555`;
const closConfigFile = 'infra/test/fixtures/clos.yml';

// Production as a real deploy synthesizes it: an explicit account (whose AZs the CLI would
// look up and cache in context), a certificate from the environment, the organisation's clos.yml.
let prod: SynthesizedStage;
beforeAll(() => {
  const config: StageConfig = { ...STAGES.prod, closConfigFile, alarmEmail: 'oncall@example.com' };
  prod = synthStage(config, {
    env: { account, region },
    context: { [`availability-zones:account=${account}:region=${region}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    certificateArn,
  });
}, 180_000);

describe('prod stage', () => {
  it('passes the cdk-nag AwsSolutions checks', () => {
    expect(nagFindings(prod.app)).toEqual([]);
  });

  it('spans three AZs with a NAT gateway in each', () => {
    const subnets = Object.values(prod.templates.network.findResources('AWS::EC2::Subnet')) as { Properties: { AvailabilityZone: string } }[];
    expect(new Set(subnets.map((s) => s.Properties.AvailabilityZone))).toEqual(new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
    prod.templates.network.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  it('runs Postgres Multi-AZ with 30 days of backups', () => {
    prod.templates.data.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: true,
      BackupRetentionPeriod: 30,
      DBInstanceClass: 'db.m7g.large',
      DeletionProtection: true,
      StorageEncrypted: true,
    });
    expect(prod.assembly.getStackByName('clos-prod-data').terminationProtection).toBe(true);
  });

  it('uses Temporal Cloud over mTLS instead of a Temporal server', () => {
    prod.templates.data.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'clos/prod/temporal' });
    const services = Object.values(prod.templates.compute.findResources('AWS::ECS::Service')) as { Properties: { ServiceName: string } }[];
    expect(services.map((s) => s.Properties.ServiceName)).not.toContain('clos-prod-temporal');
    expect(services).toHaveLength(2 + EVENT_FAMILIES.length);
    for (const container of containers(prod.templates.compute)) {
      const env = Object.fromEntries((container.Environment ?? []).map((e) => [e.Name, e.Value]));
      expect(env.TEMPORAL_ADDRESS).toBe(STAGES.prod.temporal.mode === 'cloud' ? STAGES.prod.temporal.address : undefined);
      // Production fails closed: empty vendor secrets stop the services at boot.
      expect(env.CLOS_STAGE_KIND).toBe('production');
      expect((container.Secrets ?? []).map((s) => s.Name)).toEqual(expect.arrayContaining(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']));
    }
  });

  it('takes the certificate from bin/ and the organisation clos.yml from the stage config', () => {
    prod.templates.compute.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [{ CertificateArn: certificateArn }],
    });
    const yaml = readFileSync(join(repoRoot, closConfigFile), 'utf8');
    for (const container of containers(prod.templates.compute)) {
      expect((container.Environment ?? []).find((e) => e.Name === 'CLOS_CONFIG_YAML')?.Value).toBe(yaml);
    }
  });

  it('scales within the production bounds and notifies the on-call address', () => {
    prod.templates.compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
      ResourceId: Match.anyValue(),
    });
    prod.templates.messaging.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    prod.templates.compute.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/clos/prod/api', RetentionInDays: 180 });
  });
});

describe('the cdk-nag gate itself', () => {
  it('reports a finding nobody acknowledged', () => {
    const app = new App();
    new s3.Bucket(new Stack(app, 'Probe'), 'Unencrypted', { enforceSSL: false });
    expect(nagFindings(app).some((finding) => finding.startsWith('AwsSolutions-S10 '))).toBe(true);
  });
});
