import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidInput } from '@clos/domain';
import { LINEAR_DELIVERY_HEADER, mapLinearWebhook, verifyLinearSignature } from '@clos/linear';
import { decodeWebhookBody, rawBodyOf, releaseRawBody } from './raw-body.js';
import { deliveryEventIds } from './delivery-event-ids.js';
import { enrichEvents } from './enrich-events.js';
import { acceptDelivery } from './accept-delivery.js';
import { singleHeader, webhookUnauthorized, type WebhookAnswer } from './webhook-answers.js';
import type { WebhookDependencies } from './webhook-dependencies.js';

/**
 * `POST /webhooks/linear`: verify `Linear-Signature` over the raw bytes and the signed
 * `webhookTimestamp` (within five minutes, against replays), then as for GitHub: map,
 * complete subjects, publish, answer 202; duplicates 200, bad bodies 400, forgeries 401.
 */
export function registerLinearWebhook(scope: FastifyInstance, deps: WebhookDependencies): void {
  const now = deps.now ?? (() => new Date());
  scope.post('/webhooks/linear', async (request, reply) => {
    const receivedAt = now();
    const { deliveryId, payload } = readDelivery(request, deps, receivedAt);
    const mapped = mapLinearWebhook({
      deliveryId,
      payload,
      receivedAt: receivedAt.toISOString(),
      correlationId: `linear:${deliveryId}`,
      newId: deliveryEventIds('linear', deliveryId),
    });
    const events = await enrichEvents(mapped, deps.enrichSubject);
    const outcome = await acceptDelivery(deps, { vendor: 'linear', deliveryId, events });
    const answer: WebhookAnswer = {
      deliveryId,
      duplicate: !outcome.firstDelivery,
      events: outcome.eventIds.map((id, i) => ({ id, type: outcome.eventTypes[i] ?? '' })),
    };
    return reply.code(outcome.firstDelivery ? 202 : 200).send(answer);
  });
}

/** The verified delivery's id and payload; its body is released either way. */
function readDelivery(request: FastifyRequest, deps: WebhookDependencies, receivedAt: Date): { deliveryId: string; payload: unknown } {
  const rawBody = rawBodyOf(request.body);
  try {
    const verdict = verifyLinearSignature({
      secret: deps.linearWebhookSecret ?? '',
      rawBody,
      headers: request.headers,
      now: receivedAt,
    });
    // A signed body that is not JSON is the sender's bug, not a forgery.
    if (!verdict.ok && verdict.reason === 'malformed_body') decodeWebhookBody(rawBody, 'application/json');
    if (!verdict.ok) throw webhookUnauthorized('linear', verdict.message);

    const deliveryId = singleHeader(request.headers, LINEAR_DELIVERY_HEADER);
    if (deliveryId === undefined) throw invalidInput('Linear-Delivery header is missing');
    return { deliveryId, payload: decodeWebhookBody(rawBody, request.headers['content-type']) };
  } finally {
    releaseRawBody(rawBody);
  }
}
