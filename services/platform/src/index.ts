export { envSchema, ENV_NAMES, LOG_LEVELS, EVENT_BUS_KINDS, STAGE_KINDS, temporalConnectionOptions } from './config/env-schema.js';
export { productionSecretIssues, SERVICE_NAMES } from './config/production-secrets.js';
export type { ServiceName } from './config/production-secrets.js';
export type { Env, EnvName } from './config/env-schema.js';
export { loadConfig } from './config/load-config.js';
export type { AppConfig, EnvWith, LoadConfigOptions } from './config/load-config.js';
export { EnvConfigError } from './config/env-config-error.js';
export type { EnvIssue } from './config/env-config-error.js';
export { bootOrExit } from './config/boot.js';
export type { BootOptions } from './config/boot.js';

export { createLogger, withCorrelation, REDACTED_PATHS } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';

export { HTTP_STATUS_BY_CODE, toHttpError, toErrorBody, httpStatusOf } from './errors/http-errors.js';
export type { ErrorBody, ErrorBodyCode, HttpError } from './errors/http-errors.js';

export { createPool, withTransaction, AUDIT_CHAIN_KEY_SETTING } from './db/pool.js';
export type { PoolOptions, Queryable } from './db/pool.js';
export { syncConfigToDb, syncConfigInTransaction } from './db/sync-config.js';
export type { SyncSummary } from './db/sync-config.js';

export { appendAudit, verifyAuditChain } from './audit/append-audit.js';
export type { AuditInput, AuditEntry, AuditChainProblem } from './audit/append-audit.js';
export {
  FileAuditCheckpointStore,
  S3AuditCheckpointStore,
  checkAuditCheckpoint,
  checkpointAuditHead,
  startAuditCheckpointer,
  createAuditCheckpointStore,
} from './audit/checkpoint/index.js';
export type {
  AuditCheckpoint,
  AuditCheckpointStore,
  S3AuditCheckpointStoreOptions,
  AuditCheckpointCheck,
  CheckpointOutcome,
  AuditCheckpointerOptions,
} from './audit/checkpoint/index.js';

export { awsClientOptions } from './aws-client-options.js';
export type { AwsClientOptions } from './aws-client-options.js';
export { createDynamoClient, dynamoTableNames, ensureDynamoTables, TTL_ATTRIBUTE } from './dynamo/tables.js';
export type { DynamoClientOptions, DynamoTableNames } from './dynamo/tables.js';
export { DynamoIdempotencyStore } from './dynamo/idempotency-store.js';
export type { IdempotencyStore, DynamoIdempotencyStoreOptions } from './dynamo/idempotency-store.js';
export { DynamoProjectionStore } from './dynamo/projection-store.js';
export type {
  ProjectionStore,
  ProjectionDocument,
  ProjectionItem,
  PutProjectionOptions,
  QueryProjectionOptions,
  DynamoProjectionStoreOptions,
} from './dynamo/projection-store.js';
export { createDynamoStoresFromConfig } from './dynamo/create-stores.js';
export type { DynamoStores } from './dynamo/create-stores.js';

export type { EventBus, EventConsumer, EventHandler } from './bus/ports.js';
export { backoffDelay, DEFAULT_BACKOFF } from './bus/backoff.js';
export type { BackoffOptions } from './bus/backoff.js';
export { validateEvents } from './bus/validate-events.js';
export { OutboxBus, OUTBOX_CHANNEL } from './bus/outbox-bus.js';
export type { DeliveryIntake, DeliveryToAccept, IntakeOutcome } from './bus/delivery-intake.js';
export { OutboxDeliveryIntake } from './bus/outbox-delivery-intake.js';
export type { OutboxDeliveryIntakeOptions, PreparedQueryable } from './bus/outbox-delivery-intake.js';
export { CoalescingBus } from './bus/coalescing-bus.js';
export type { CoalescingBusOptions } from './bus/coalescing-bus.js';
export type { OutboxBusOptions } from './bus/outbox-bus.js';
export { OutboxConsumer } from './bus/outbox-consumer.js';
export type { OutboxConsumerOptions } from './bus/outbox-consumer.js';
export { listDeadEvents, requeueDeadEventIds, requeueDeadEvents } from './bus/dead-events.js';
export type { DeadEventSummary } from './bus/dead-events.js';
export { createDeadLettersFromConfig, outboxDeadLetters, sqsDeadLetters } from './bus/dead-letters.js';
export type { DeadLetterListing, DeadLetterRequeue, DeadLetters } from './bus/dead-letters.js';
export { describeDeadLetterQueues, redriveDeadLetterQueue, sourceQueueOf } from './bus/sqs-dead-letters.js';
export type { DeadLetterQueueState } from './bus/sqs-dead-letters.js';
export {
  EventBridgeBus,
  eventBridgeSource,
  PUT_EVENTS_MAX_ENTRIES,
  PUT_EVENTS_MAX_BYTES,
} from './bus/eventbridge-bus.js';
export type { EventBridgeBusOptions, PutEventsClient } from './bus/eventbridge-bus.js';
export { SqsConsumer, domainEventFromEventBridgeMessage } from './bus/sqs-consumer.js';
export type { SqsConsumerOptions } from './bus/sqs-consumer.js';
export { createBusFromConfig } from './bus/create-bus.js';
export type { BusRuntime, BusDependencies, ConsumerTuning } from './bus/create-bus.js';

export { ConfigHolder } from './policy/config-source.js';
export type { ConfigSource, PolicyListener } from './policy/config-source.js';
export { LivePolicy, POLICY_CHANNEL } from './policy/live-policy.js';
export type { LivePolicyOptions } from './policy/live-policy.js';
export { publishPolicy, readLatestPolicy, readLatestPolicyNumber, readPolicyVersion } from './policy/policy-store.js';
export type { PolicySource, PolicyVersion, PublishPolicyInput, PublishOutcome } from './policy/policy-store.js';
export { diffPolicy } from './policy/policy-diff.js';
export type { PolicyChange } from './policy/policy-diff.js';

// The records layer: each table's statements in one module (docs/adr/0023).
export { createPgStandupStore, toBlocker } from './records/standup-records.js';
export type { BlockerLine, BlockerRecord, StandupInput, StandupRecord, StandupSaved, StandupStore } from './records/standup-records.js';
export { createPgIdeaStore, IDEA_STATUSES } from './records/idea-records.js';
export type {
  IceScores,
  IdeaInput,
  IdeaRecord,
  IdeaStatus,
  IdeaStatusChange,
  IdeaStore,
  IssueStateChange,
  ListIdeasOptions,
} from './records/idea-records.js';
export { createPgDemoStore } from './records/demo-records.js';
export type { DemoInput, DemoRecord, DemoStore, ListDemosOptions } from './records/demo-records.js';
export { upsertWorkItem } from './records/work-item-records.js';
export type { WorkItemRow } from './records/work-item-records.js';

// The leadership records live here so the worker's scheduled reviews reach them as the api does.
export * from './leadership/index.js';
