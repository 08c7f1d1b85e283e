import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { StageConfig } from '../config.js';
import type { AppSecrets } from '../stacks/data-stack.js';

/** Which process a container runs; each gets only the variables and secrets it uses. */
export type ServiceRole = 'api' | 'processor' | 'worker';

/** Port the api listens on inside its container. */
export const API_PORT = 8080;

/** Where the database is and the secret holding its credentials. */
export interface DatabaseWiring {
  readonly host: string;
  readonly port: string;
  readonly name: string;
  /** The RDS-generated secret (`username`, `password`, …). */
  readonly secret: secretsmanager.ISecret;
}

/** What the services are wired to, as the stacks know it. */
export interface ServiceWiring {
  readonly config: StageConfig;
  readonly region: string;
  readonly database: DatabaseWiring;
  readonly secrets: AppSecrets;
  readonly temporal: { readonly address: string; readonly namespace: string };
  readonly busName: string;
  readonly tablePrefix: string;
  /** The organisation's clos.yml, handed over as a value and written to a file at boot. */
  readonly closConfigYaml?: string;
  /** The object-locked bucket the api checkpoints the audit chain's head into. */
  readonly auditCheckpointBucket?: string;
}

/** A container's plain variables and the ones ECS fetches from Secrets Manager at task start. */
export interface ServiceEnvironment {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
}

/**
 * The database in pieces — the password is a secret, so no finished URL can be written into
 * the task definition; the image's entrypoint assembles DATABASE_URL from them at boot.
 */
export function databaseEnvironment(database: DatabaseWiring): ServiceEnvironment {
  return {
    environment: {
      DATABASE_HOST: database.host,
      DATABASE_PORT: database.port,
      DATABASE_NAME: database.name,
      DATABASE_SSLMODE: 'verify-full',
    },
    secrets: {
      DATABASE_USER: ecs.Secret.fromSecretsManager(database.secret, 'username'),
      DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password'),
    },
  };
}

/**
 * The environment contract between the stacks and the services (see the README's
 * configuration table). Secrets never appear as plain values: ECS injects them from Secrets
 * Manager when the task starts.
 */
export function serviceEnvironment(role: ServiceRole, wiring: ServiceWiring): ServiceEnvironment {
  const { config, secrets } = wiring;
  const database = databaseEnvironment(wiring.database);
  const environment: Record<string, string> = { ...database.environment, LOG_LEVEL: 'info', AWS_REGION: wiring.region };
  const fromSecrets: Record<string, ecs.Secret> = { ...database.secrets };

  Object.assign(environment, {
    CLOS_STAGE: config.stage,
    CLOS_STAGE_KIND: config.kind,
    PUBLIC_URL: `https://${config.api.domainName}`,
    TEMPORAL_ADDRESS: wiring.temporal.address,
    TEMPORAL_NAMESPACE: wiring.temporal.namespace,
    TEMPORAL_TASK_QUEUE: 'clos',
    EVENT_BUS: 'eventbridge',
    EVENT_BUS_NAME: wiring.busName,
    DYNAMODB_TABLE_PREFIX: wiring.tablePrefix,
    ...(config.vendorUrls?.github ? { GITHUB_API_URL: config.vendorUrls.github } : {}),
    ...(config.vendorUrls?.linear ? { LINEAR_API_URL: config.vendorUrls.linear } : {}),
    ...(config.vendorUrls?.slack ? { SLACK_API_URL: config.vendorUrls.slack } : {}),
    ...(wiring.closConfigYaml === undefined ? {} : { CLOS_CONFIG_YAML: wiring.closConfigYaml }),
  });
  if (secrets.temporal) {
    fromSecrets.TEMPORAL_TLS_CERT = ecs.Secret.fromSecretsManager(secrets.temporal, 'tlsCert');
    fromSecrets.TEMPORAL_TLS_KEY = ecs.Secret.fromSecretsManager(secrets.temporal, 'tlsKey');
  }
  // Every process appends to the audit log, chained under this key.
  fromSecrets.AUDIT_CHAIN_KEY = ecs.Secret.fromSecretsManager(secrets.auditChain, 'key');
  // API credentials: every process that talks to the vendors.
  Object.assign(fromSecrets, {
    GITHUB_APP_ID: ecs.Secret.fromSecretsManager(secrets.github, 'appId'),
    GITHUB_PRIVATE_KEY: ecs.Secret.fromSecretsManager(secrets.github, 'privateKey'),
    GITHUB_TOKEN: ecs.Secret.fromSecretsManager(secrets.github, 'token'),
    LINEAR_API_KEY: ecs.Secret.fromSecretsManager(secrets.linear, 'apiKey'),
  });
  if (role === 'processor') return { environment, secrets: fromSecrets };

  // Webhook verification (api) and outbound Slack (api and worker).
  Object.assign(fromSecrets, {
    GITHUB_WEBHOOK_SECRET: ecs.Secret.fromSecretsManager(secrets.github, 'webhookSecret'),
    LINEAR_WEBHOOK_SECRET: ecs.Secret.fromSecretsManager(secrets.linear, 'webhookSecret'),
    SLACK_SIGNING_SECRET: ecs.Secret.fromSecretsManager(secrets.slack, 'signingSecret'),
    SLACK_BOT_TOKEN: ecs.Secret.fromSecretsManager(secrets.slack, 'botToken'),
  });
  if (role === 'api') {
    environment.PORT = String(API_PORT);
    if (wiring.auditCheckpointBucket !== undefined) environment.AUDIT_CHECKPOINT_BUCKET = wiring.auditCheckpointBucket;
  }
  return { environment, secrets: fromSecrets };
}
