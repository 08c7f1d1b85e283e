import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidInput } from '@clos/domain';
import { githubPayloadFields, mapGithubWebhook, verifyGithubSignature } from '@clos/github';
import { decodeWebhookBody, rawBodyOf, releaseRawBody } from './raw-body.js';
import { deliveryEventIds } from './delivery-event-ids.js';
import { enrichEvents } from './enrich-events.js';
import { acceptDelivery } from './accept-delivery.js';
import { singleHeader, webhookUnauthorized, type WebhookAnswer } from './webhook-answers.js';
import type { WebhookDependencies } from './webhook-dependencies.js';

/**
 * `POST /webhooks/github`: verify `X-Hub-Signature-256` over the raw bytes, decode the
 * fields the mapping reads, map to domain events, complete their subjects from clos.yml,
 * publish with the dedupe claims (one round trip on the outbox), answer 202. A forged or
 * unsigned delivery gets 401, an unreadable one 400 naming the problem, a redelivery 200
 * with nothing changed, a signed body replayed under another delivery id 409, an event
 * CLOS does not act on 202 (recorded as `webhook.unhandled`).
 */
export function registerGithubWebhook(scope: FastifyInstance, deps: WebhookDependencies): void {
  const now = deps.now ?? (() => new Date());
  scope.post('/webhooks/github', async (request, reply) => {
    const { name, deliveryId, signature, payload } = readDelivery(request, deps);
    const mapped = mapGithubWebhook({
      name,
      deliveryId,
      payload,
      receivedAt: now().toISOString(),
      correlationId: `github:${deliveryId}`,
      newId: deliveryEventIds('github', deliveryId),
    });
    const events = await enrichEvents(mapped, deps.enrichSubject);
    const outcome = await acceptDelivery(deps, { vendor: 'github', deliveryId, bodySignature: signature, events });
    const answer: WebhookAnswer = {
      deliveryId,
      duplicate: !outcome.firstDelivery,
      events: outcome.eventIds.map((id, i) => ({ id, type: outcome.eventTypes[i] ?? '' })),
    };
    return reply.code(outcome.firstDelivery ? 202 : 200).send(answer);
  });
}

/** The verified delivery's headers, signature and the payload fields the mapping reads; its body is released either way. */
function readDelivery(request: FastifyRequest, deps: WebhookDependencies): { name: string; deliveryId: string; signature: string; payload: unknown } {
  const rawBody = rawBodyOf(request.body);
  try {
    const secrets = [...(deps.githubWebhookSecrets ?? []), deps.githubWebhookSecret ?? ''];
    const verdict = verifyGithubSignature({ secret: secrets, rawBody, headers: request.headers });
    if (!verdict.ok) throw webhookUnauthorized('github', verdict.message);

    const name = singleHeader(request.headers, 'x-github-event');
    const deliveryId = singleHeader(request.headers, 'x-github-delivery');
    if (name === undefined) throw invalidInput('X-GitHub-Event header is missing');
    if (deliveryId === undefined) throw invalidInput('X-GitHub-Delivery header is missing');
    const payload = decodeWebhookBody(rawBody, request.headers['content-type'], githubPayloadFields(name));
    return { name, deliveryId, signature: verdict.signature, payload };
  } finally {
    releaseRawBody(rawBody);
  }
}
