/**
 * The one typed description of every deployment stage. Everything that differs between
 * `dev` and `prod` lives here; the AWS account and region do not — only `bin/` knows them.
 */

/** A stage's name, which also prefixes every physical resource name (`clos-<stage>-…`). */
export const STAGE_NAMES = ['dev', 'prod'] as const;

/** One of {@link STAGE_NAMES}. */
export type StageName = (typeof STAGE_NAMES)[number];

/** How big one Fargate task is and how many of them run. */
export interface ServiceSize {
  /** Fargate CPU units (256 = 0.25 vCPU). */
  readonly cpu: 256 | 512 | 1024 | 2048 | 4096;
  /** Memory in MiB; must be a valid pairing with {@link cpu}. */
  readonly memoryMiB: number;
  /** Tasks kept running at least. */
  readonly minCount: number;
  /** Tasks autoscaling may add up to. Equal to `minCount` for services that do not scale. */
  readonly maxCount: number;
}

/** Temporal Cloud: the namespace endpoint plus an mTLS client certificate kept in Secrets Manager. */
export interface TemporalCloudConfig {
  readonly mode: 'cloud';
  /** gRPC endpoint, e.g. `clos-prod.a1b2c.tmprl.cloud:7233`. */
  readonly address: string;
  /** Namespace, e.g. `clos-prod.a1b2c`. */
  readonly namespace: string;
}

/** A single-binary Temporal server on ECS, persisting into the stage's RDS instance. */
export interface TemporalSelfHostedConfig {
  readonly mode: 'self-hosted';
  /** Namespace the server registers at first boot and the workers use. */
  readonly namespace: string;
  /** Server image (Docker Hub `temporalio/auto-setup`, pinned). */
  readonly image: string;
  /** How long closed workflow histories are kept, as a Temporal duration (`72h`). */
  readonly retention: string;
  readonly size: Omit<ServiceSize, 'minCount' | 'maxCount'>;
}

/** Where the workflows run. */
export type TemporalConfig = TemporalCloudConfig | TemporalSelfHostedConfig;

/** Everything that distinguishes one stage from another. */
export interface StageConfig {
  readonly stage: StageName;
  /**
   * `production` makes the services fail closed: they refuse to start while a vendor secret is
   * empty (CLOS_STAGE_KIND), instead of silently running as a dry-run.
   */
  readonly kind: 'development' | 'production';
  /** Prefix of every physical name: `clos-<stage>`. */
  readonly prefix: string;
  readonly network: {
    /** Availability zones the VPC spans (at least 2). */
    readonly maxAzs: number;
    /** NAT gateways: 1 is cheap, one per AZ survives the loss of an AZ. */
    readonly natGateways: number;
    readonly cidr: string;
  };
  readonly database: {
    /** RDS instance class, e.g. `t4g.micro` (written without the `db.` prefix). */
    readonly instanceType: string;
    readonly multiAz: boolean;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly backupRetentionDays: number;
  };
  readonly messaging: {
    /** Receives before a message moves to its queue's DLQ. */
    readonly maxReceiveCount: number;
    /** How long a consumer has to finish a message before it is redelivered. */
    readonly visibilityTimeoutSeconds: number;
    /** Days EventBridge keeps every event in the bus archive for replay. */
    readonly archiveRetentionDays: number;
  };
  readonly api: {
    /** Public host name; webhooks are registered at `https://<domainName>/webhooks/…`. */
    readonly domainName: string;
    /** ACM certificate for {@link domainName}, in the stage's region. `bin/` may override it. */
    readonly certificateArn: string;
    readonly size: ServiceSize;
    /** Average CPU the api autoscaling keeps the service at. */
    readonly targetCpuPercent: number;
  };
  readonly processor: {
    readonly size: ServiceSize;
    /** Visible messages per processor task above which another task is added. */
    readonly scaleOutBacklog: number;
  };
  readonly worker: { readonly size: ServiceSize };
  readonly temporal: TemporalConfig;
  readonly logs: {
    /** Days CloudWatch keeps service logs. */
    readonly retentionDays: number;
  };
  /** Days each audit chain checkpoint stays under S3 object lock (COMPLIANCE: no one can delete it sooner). */
  readonly auditCheckpointRetentionDays: number;
  /** Alarm notifications go to this address (an SNS email subscription) when set. */
  readonly alarmEmail?: string;
  /**
   * Path, relative to the repository root, of the organisation's `clos.yml`. Its content is
   * handed to every service at boot; unset means the services start on their built-in demo.
   */
  readonly closConfigFile?: string;
  /** Base URLs of GitHub Enterprise or other non-default vendor endpoints. */
  readonly vendorUrls?: { readonly github?: string; readonly linear?: string; readonly slack?: string };
}

const TEMPORAL_SERVER_IMAGE = 'temporalio/auto-setup:1.29.1';

/**
 * Placeholder certificate of the shipped configuration. A real deploy refuses it; set the
 * stage's `certificateArn` (or `CLOS_CERTIFICATE_ARN`) to the certificate of your domain.
 */
export const PLACEHOLDER_CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000';

const dev: StageConfig = {
  stage: 'dev',
  kind: 'development',
  prefix: 'clos-dev',
  network: { maxAzs: 2, natGateways: 1, cidr: '10.20.0.0/16' },
  database: {
    instanceType: 't4g.micro',
    multiAz: false,
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    backupRetentionDays: 7,
  },
  messaging: { maxReceiveCount: 5, visibilityTimeoutSeconds: 60, archiveRetentionDays: 7 },
  api: {
    domainName: 'clos.dev.example.com',
    certificateArn: PLACEHOLDER_CERTIFICATE_ARN,
    size: { cpu: 256, memoryMiB: 512, minCount: 1, maxCount: 2 },
    targetCpuPercent: 60,
  },
  processor: { size: { cpu: 256, memoryMiB: 512, minCount: 1, maxCount: 2 }, scaleOutBacklog: 100 },
  worker: { size: { cpu: 512, memoryMiB: 1024, minCount: 1, maxCount: 1 } },
  temporal: {
    mode: 'self-hosted',
    namespace: 'default',
    image: TEMPORAL_SERVER_IMAGE,
    retention: '72h',
    size: { cpu: 512, memoryMiB: 1024 },
  },
  logs: { retentionDays: 30 },
  auditCheckpointRetentionDays: 30,
};

const prod: StageConfig = {
  stage: 'prod',
  kind: 'production',
  prefix: 'clos-prod',
  network: { maxAzs: 3, natGateways: 3, cidr: '10.30.0.0/16' },
  database: {
    instanceType: 'm7g.large',
    multiAz: true,
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 500,
    backupRetentionDays: 30,
  },
  messaging: { maxReceiveCount: 5, visibilityTimeoutSeconds: 60, archiveRetentionDays: 30 },
  api: {
    domainName: 'clos.example.com',
    certificateArn: PLACEHOLDER_CERTIFICATE_ARN,
    size: { cpu: 512, memoryMiB: 1024, minCount: 2, maxCount: 10 },
    targetCpuPercent: 50,
  },
  processor: { size: { cpu: 512, memoryMiB: 1024, minCount: 2, maxCount: 10 }, scaleOutBacklog: 100 },
  worker: { size: { cpu: 1024, memoryMiB: 2048, minCount: 2, maxCount: 2 } },
  temporal: {
    mode: 'cloud',
    address: 'clos-prod.example.tmprl.cloud:7233',
    namespace: 'clos-prod.example',
  },
  logs: { retentionDays: 180 },
  auditCheckpointRetentionDays: 400,
};

/** The shipped stages, by name. */
export const STAGES: Readonly<Record<StageName, StageConfig>> = { dev, prod };

/** Error thrown for a stage name that is not in {@link STAGE_NAMES}. */
export class UnknownStageError extends Error {
  readonly code = 'UNKNOWN_STAGE';
  constructor(name: string) {
    super(`unknown stage "${name}": expected one of ${STAGE_NAMES.join(', ')}`);
    this.name = 'UnknownStageError';
  }
}

/** True when `name` is one of {@link STAGE_NAMES}. */
export function isStageName(name: string): name is StageName {
  return (STAGE_NAMES as readonly string[]).includes(name);
}

/** The configuration of stage `name`; throws {@link UnknownStageError} for any other name. */
export function stageConfig(name: string): StageConfig {
  if (!isStageName(name)) throw new UnknownStageError(name);
  return STAGES[name];
}
