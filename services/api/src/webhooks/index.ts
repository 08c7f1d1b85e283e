export { webhookRoutes } from './webhook-routes.js';
export type { WebhookDependencies, SubjectEnricher } from './webhook-dependencies.js';
export type { WebhookAnswer } from './webhook-answers.js';
export { DELIVERY_TTL_DAYS } from './ingest-delivery.js';
export { deliveryEventIds, nameBasedUuid } from './delivery-event-ids.js';
