import { CfnResource, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct, IConstruct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';
import { SUBNETS } from './network-stack.js';

/** Name of the application database inside the RDS instance. */
export const DATABASE_NAME = 'clos';
/** Master user of the RDS instance; its password lives in the database secret. Migrations only. */
export const DATABASE_USER = 'clos';
/**
 * The services' login role: a member of clos_app (made by the migrations), which may append to
 * the audit log but not change it, and owns nothing. The migration task creates it.
 */
export const DATABASE_SERVICE_USER = 'clos_service';
/** The object the api keeps the audit chain's head in (S3AuditCheckpointStore's default key). */
export const AUDIT_CHECKPOINT_KEY = 'audit/head.json';
/** The database's port (Postgres's own). */
export const POSTGRES_PORT = 5432;

/**
 * DynamoDB tables are named `<DYNAMODB_TABLE_PREFIX>-<suffix>`, the way the services derive
 * them from the prefix they are given (`dynamoTableNames` in @clos/platform).
 */
export const TABLES = {
  /** Webhook delivery and request idempotency keys: partition key `key`, expiring at `expiresAt`. */
  idempotency: { suffix: 'idempotency', partitionKey: 'key' },
  /** Live projections the Slack bot and the dashboard read: `pk` + `sk`, optional `expiresAt`. */
  projections: { suffix: 'projections', partitionKey: 'pk', sortKey: 'sk' },
} as const;

/** The TTL attribute (epoch seconds) of both tables. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The third-party credentials the services read at boot, one Secrets Manager secret each. */
export interface AppSecrets {
  /** `appId`, `privateKey`, `webhookSecret`, `token`. */
  readonly github: secretsmanager.ISecret;
  /** `signingSecret`, `botToken`. */
  readonly slack: secretsmanager.ISecret;
  /** `apiKey`, `webhookSecret`. */
  readonly linear: secretsmanager.ISecret;
  /** `tlsCert`, `tlsKey` (PEM) of the Temporal Cloud client certificate, in `cloud` mode. */
  readonly temporal?: secretsmanager.ISecret;
  /** `key`: the audit chain's HMAC key (AUDIT_CHAIN_KEY), generated. */
  readonly auditChain: secretsmanager.ISecret;
}

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
  readonly vpc: ec2.IVpc;
}

/**
 * Everything stateful: the RDS Postgres instance, the DynamoDB tables and the secrets.
 * Termination-protected, and every resource whose replacement would lose data carries an
 * explicit logical id so that refactoring the construct tree can never replace it.
 */
export class DataStack extends Stack {
  readonly database: rds.DatabaseInstance;
  readonly databaseSecret: secretsmanager.ISecret;
  /** `username`, `password` of the services' least-privilege role (the master secret is for migrations). */
  readonly serviceDatabaseSecret: secretsmanager.ISecret;
  /** Versioned, object-locked bucket the api checkpoints the audit chain's head into. */
  readonly auditCheckpointBucket: s3.IBucket;
  readonly tables: { readonly idempotency: dynamodb.TableV2; readonly projections: dynamodb.TableV2 };
  readonly secrets: AppSecrets;
  /** `DYNAMODB_TABLE_PREFIX` of the services. */
  readonly tablePrefix: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { config, vpc } = props;
    const { stage, prefix } = config;

    const securityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc,
      description: `${prefix} Postgres: reachable only from the services that are granted access`,
      allowAllOutbound: false,
    });
    pin(securityGroup, 'DatabaseSecurityGroup');

    const parameterGroup = new rds.ParameterGroup(this, 'DatabaseParameters', {
      engine: postgresEngine(),
      description: `${prefix} Postgres parameters`,
      parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' },
    });

    const subnetGroup = new rds.SubnetGroup(this, 'DatabaseSubnets', {
      vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.data },
      description: `${prefix} Postgres subnets`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(subnetGroup, 'DatabaseSubnets');

    const instanceIdentifier = `${prefix}-postgres`;
    // Created here, with a retention, so RDS exports into it instead of an unbounded group.
    const postgresLogs = new logs.LogGroup(this, 'DatabaseLogs', {
      logGroupName: `/aws/rds/instance/${instanceIdentifier}/postgresql`,
      retention: config.logs.retentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.database = new rds.DatabaseInstance(this, 'Postgres', {
      instanceIdentifier,
      engine: postgresEngine(),
      instanceType: new ec2.InstanceType(config.database.instanceType),
      vpc,
      subnetGroup,
      securityGroups: [securityGroup],
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, { secretName: `clos/${stage}/database` }),
      databaseName: DATABASE_NAME,
      port: POSTGRES_PORT,
      multiAz: config.database.multiAz,
      allocatedStorage: config.database.allocatedStorageGiB,
      maxAllocatedStorage: config.database.maxAllocatedStorageGiB,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      backupRetention: Duration.days(config.database.backupRetentionDays),
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      parameterGroup,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: ['postgresql'],
      publiclyAccessible: false,
    });
    this.database.node.addDependency(postgresLogs);
    pin(this.database, 'PostgresInstance');
    const databaseSecret = this.database.secret;
    if (!databaseSecret) throw new Error('the database instance was created without its secret');
    this.databaseSecret = databaseSecret;
    pin(databaseSecret, 'DatabaseSecret');

    acknowledge(this.database, {
      'AwsSolutions-RDS11':
        'The default port is kept: the instance sits in isolated subnets behind a security group that admits only CLOS tasks, so a non-standard port adds no protection.',
      'AwsSolutions-SMG4':
        'Services receive the password at task start; rotating it under running tasks would break new connections. Rotation is a runbook step (rotate, then force a new deployment), see docs/operations.md.',
      ...(config.database.multiAz
        ? {}
        : { 'AwsSolutions-RDS3': `Stage ${stage} trades Multi-AZ for cost; the stage config turns it on for production.` }),
    });

    this.serviceDatabaseSecret = new secretsmanager.Secret(this, 'ServiceDatabaseSecret', {
      secretName: `clos/${stage}/database-service`,
      description: 'Login of the services: a role that may append to the audit log but not change it, and owns no table',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: DATABASE_SERVICE_USER }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 40,
      },
    });
    pin(this.serviceDatabaseSecret, 'ServiceDatabaseSecret');
    acknowledge(this.serviceDatabaseSecret, {
      'AwsSolutions-SMG4':
        'The migration task sets this password on the role; rotating it under running tasks would break new connections. Rotation is a runbook step (rotate, migrate, force a new deployment).',
    });

    const auditChainSecret = new secretsmanager.Secret(this, 'AuditChainSecret', {
      secretName: `clos/${stage}/audit-chain`,
      description: 'HMAC key of the audit log hash chain (AUDIT_CHAIN_KEY); never given to the migration task',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'key',
        excludePunctuation: true,
        passwordLength: 64,
      },
    });
    pin(auditChainSecret, 'AuditChainSecret');
    acknowledge(auditChainSecret, {
      'AwsSolutions-SMG4':
        'Entries chained under a key verify only with that key: rotating it would make the existing log unverifiable. A new key starts a new chain by a deliberate runbook step.',
    });

    // Object lock in COMPLIANCE mode: no one, the account's root included, can delete or
    // overwrite a checkpoint version before its retention ends.
    const auditCheckpointBucket = new s3.Bucket(this, 'AuditCheckpointBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(config.auditCheckpointRetentionDays)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(auditCheckpointBucket, 'AuditCheckpointBucket');
    acknowledge(auditCheckpointBucket, {
      'AwsSolutions-S1':
        'The bucket holds one small object written by the api; its every version is kept under compliance lock, which is the record that matters. CloudTrail covers access.',
    });
    this.auditCheckpointBucket = auditCheckpointBucket;

    this.tablePrefix = prefix;
    this.tables = {
      idempotency: table(this, 'IdempotencyTable', `${prefix}-${TABLES.idempotency.suffix}`, TABLES.idempotency.partitionKey),
      projections: table(this, 'ProjectionsTable', `${prefix}-${TABLES.projections.suffix}`, TABLES.projections.partitionKey, TABLES.projections.sortKey),
    };

    this.secrets = {
      github: appSecret(this, 'GithubSecret', `clos/${stage}/github`, 'GitHub App id and private key, webhook secret (generated), or a token', {
        template: { appId: '', privateKey: '', token: '' },
        generated: 'webhookSecret',
      }),
      slack: appSecret(this, 'SlackSecret', `clos/${stage}/slack`, 'Slack signing secret and bot token', {
        template: { signingSecret: '', botToken: '' },
      }),
      linear: appSecret(this, 'LinearSecret', `clos/${stage}/linear`, 'Linear API key and webhook signing secret', {
        template: { apiKey: '', webhookSecret: '' },
      }),
      auditChain: auditChainSecret,
      ...(config.temporal.mode === 'cloud'
        ? {
            temporal: appSecret(this, 'TemporalSecret', `clos/${stage}/temporal`, 'Temporal Cloud mTLS client certificate and key (PEM)', {
              template: { tlsCert: '', tlsKey: '' },
            }),
          }
        : {}),
    };
  }
}

function postgresEngine(): rds.IInstanceEngine {
  // Major version only: RDS applies minor upgrades itself, and a pinned minor in the template
  // would fight them on the next deploy.
  return rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('17', '17') });
}

/** Gives a construct's CloudFormation resource a logical id that survives any refactoring. */
function pin(construct: IConstruct, logicalId: string): void {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${construct.node.path} has no CloudFormation resource to pin`);
  resource.overrideLogicalId(logicalId);
}

function table(scope: Stack, id: string, tableName: string, partitionKey: string, sortKey?: string): dynamodb.TableV2 {
  const created = new dynamodb.TableV2(scope, id, {
    tableName,
    partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
    ...(sortKey ? { sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING } } : {}),
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    timeToLiveAttribute: TTL_ATTRIBUTE,
  });
  pin(created, id);
  return created;
}

function appSecret(
  scope: Stack,
  id: string,
  secretName: string,
  description: string,
  shape: { template: Record<string, string>; generated?: string },
): secretsmanager.Secret {
  // Every key exists from the start (ECS refuses to start a task whose secret lacks a key it
  // injects); operators fill the empty ones, see docs/operations.md. A key CLOS chooses itself
  // (the GitHub webhook secret) is generated.
  const value = shape.generated
    ? {
        generateSecretString: {
          secretStringTemplate: JSON.stringify(shape.template),
          generateStringKey: shape.generated,
          excludePunctuation: true,
          passwordLength: 48,
        },
      }
    : {
        secretObjectValue: Object.fromEntries(
          Object.entries(shape.template).map(([key, initial]) => [key, SecretValue.unsafePlainText(initial)]),
        ),
      };
  const secret = new secretsmanager.Secret(scope, id, {
    secretName,
    description,
    ...value,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  pin(secret, id);
  acknowledge(secret, {
    'AwsSolutions-SMG4':
      'Third-party credentials are rotated at their issuer (GitHub, Slack, Linear, Temporal Cloud) and then stored here; Secrets Manager cannot rotate them.',
  });
  return secret;
}
