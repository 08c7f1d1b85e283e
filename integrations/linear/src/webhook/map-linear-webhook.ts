import { linearWorkItemId, parseEventPayload } from '@clos/domain';
import type { DomainEvent, EventPayload, EventType, Subject } from '@clos/domain';
import { linearEnvelopeSchema, linearIssueEventSchema, linearProjectEventSchema, type LinearIssueData } from './linear-payload-schemas.js';
import { parsePayload, toIsoTimestamp } from './parse-payload.js';

/** One Linear delivery as the api received it, plus what the envelope needs from outside. */
export interface LinearWebhookInput {
  /** The `linear-delivery` header. */
  deliveryId: string;
  /** The parsed JSON body. */
  payload: unknown;
  /** ISO-8601 time the api received the delivery. */
  receivedAt: string;
  correlationId: string;
  newId: () => string;
}

type IssuePayload = EventPayload<'linear.issue.changed'>['issue'];

/**
 * Normalises one Linear delivery into domain events. Issue create/update/remove become
 * `linear.issue.changed` (state type, project, assignee); Project create/update become
 * `linear.project.changed`; everything else is recorded as `webhook.unhandled`. A handled
 * payload missing a needed field throws `InvalidInput` naming the path. Pure.
 */
export function mapLinearWebhook(input: LinearWebhookInput): DomainEvent[] {
  const envelope = parsePayload(linearEnvelopeSchema, input.payload, 'Linear webhook');
  const make = eventFactory(input);

  if (envelope.type === 'Issue' && ['create', 'update', 'remove'].includes(envelope.action)) {
    const body = parsePayload(linearIssueEventSchema, input.payload, `Linear Issue ${envelope.action}`);
    const issue = toIssue(body.data);
    return [
      make(
        'linear.issue.changed',
        toIsoTimestamp(body.createdAt ?? body.data.updatedAt, input.receivedAt),
        { workItemId: linearWorkItemId(issue.identifier) },
        { action: body.action, issue },
      ),
    ];
  }

  if (envelope.type === 'Project' && (envelope.action === 'create' || envelope.action === 'update')) {
    const body = parsePayload(linearProjectEventSchema, input.payload, `Linear Project ${envelope.action}`);
    const project = body.data;
    return [
      make('linear.project.changed', toIsoTimestamp(body.createdAt ?? project.updatedAt, input.receivedAt), {}, {
        action: body.action,
        project: { id: project.id, name: project.name, state: project.status?.type ?? project.state ?? 'unknown' },
      }),
    ];
  }

  return [
    make('webhook.unhandled', input.receivedAt, {}, { vendor: 'linear', event: envelope.type, action: envelope.action }),
  ];
}

function toIssue(data: LinearIssueData): IssuePayload {
  const identifier = data.identifier.toUpperCase();
  return {
    id: data.id,
    identifier,
    title: data.title,
    url: data.url,
    // The key is also the identifier's prefix, for payloads that leave `team` out.
    teamKey: (data.team?.key ?? identifier.split('-')[0] ?? '').toUpperCase(),
    stateType: data.state.type,
    stateName: data.state.name,
    projectId: data.project?.id ?? data.projectId ?? null,
    projectName: data.project?.name ?? null,
    assigneeId: data.assignee?.id ?? data.assigneeId ?? null,
    assigneeName: data.assignee?.name ?? null,
    assigneeEmail: data.assignee?.email ?? null,
  };
}

function eventFactory(input: LinearWebhookInput) {
  return <T extends EventType>(type: T, occurredAt: string, subject: Subject, payload: EventPayload<T>): DomainEvent<T> => ({
    id: input.newId(),
    type,
    source: 'linear',
    occurredAt,
    receivedAt: input.receivedAt,
    deliveryId: input.deliveryId,
    correlationId: input.correlationId,
    subject,
    // Checked against the catalogue so nothing the bus would later refuse leaves the edge.
    payload: parseEventPayload(type, payload),
  });
}
