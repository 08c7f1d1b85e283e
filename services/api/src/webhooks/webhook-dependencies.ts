import type { DomainEvent, Subject } from '@clos/domain';
import type { DeliveryIntake, EventBus, IdempotencyStore, Logger } from '@clos/platform';

/**
 * Adds what clos.yml knows to an event's subject: the pod owning the repository or Linear
 * team, the project of a pull request or issue, the person. Returns only the fields it could
 * resolve; the event's own fields win over nothing, never the other way round.
 */
export type SubjectEnricher = (event: DomainEvent) => Promise<Subject>;

/** What the webhook routes need. */
export interface WebhookDependencies {
  bus: EventBus;
  idempotency: IdempotencyStore;
  /**
   * Completes subjects from the policy in memory; keep it free of I/O (what needs a store,
   * such as a PR's project through its Linear issue, is the processor's to resolve).
   */
  enrichSubject: SubjectEnricher;
  /**
   * Claims and publishes a delivery in one step (the outbox: one statement, ADR 0027); when
   * omitted, the body is claimed, the events published on `bus`, then the delivery id claimed.
   */
  intake?: DeliveryIntake;
  /** Secret GitHub signs deliveries with; without one every GitHub delivery is refused. */
  githubWebhookSecret?: string | undefined;
  /** More secrets accepted at the same time, for rotating the GitHub webhook secret without downtime. */
  githubWebhookSecrets?: readonly string[] | undefined;
  /** Secret Linear signs deliveries with; without one every Linear delivery is refused. */
  linearWebhookSecret?: string | undefined;
  /** Clock, for tests of the Linear timestamp window. */
  now?: () => Date;
  logger?: Logger;
}
