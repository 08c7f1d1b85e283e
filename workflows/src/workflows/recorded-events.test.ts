import { isEventType, parseEventPayload, RECORDED_EVENT_TYPES, type EventType } from '@clos/domain';
import type { EventRecord, RecordEntry } from '../activities/types.js';
import type { TrackedWorkItem } from '../shared/pod-wip-messages.js';
import type { Outbox } from './effects.js';
import type { WipChange } from './pod-wip-model.js';
import { queueWipEffects } from './pod-wip-effects.js';
import type { StageChange } from './project-stage-model.js';
import { queueStageEffects } from './project-stage-effects.js';

/** Collects what the effects queue, without the activities behind a real outbox. */
function collectingOutbox(): { outbox: Outbox; events: EventRecord[] } {
  const records: RecordEntry[] = [];
  let seq = 0;
  const outbox = {
    nextKey: () => `test:${++seq}`,
    record: (entry: RecordEntry) => void records.push(entry),
    notify: () => undefined,
    commentOnLinear: () => undefined,
  } as unknown as Outbox;
  return {
    outbox,
    get events() {
      return records.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
    },
  };
}

const at = '2025-03-03T10:00:00.000Z';
const item: TrackedWorkItem = {
  id: 'gh:acme/pay#12',
  personId: 'alice',
  title: 'Checkout',
  expedite: false,
  draft: false,
  pullRequests: [{ repo: 'acme/pay', number: 12, headSha: 'a'.repeat(40) }],
  linearKeys: [],
};
const policy = { limit: 2, expediteQuota: 1, mode: 'enforce' as const };
const missing = [{ criterionId: 'spec', type: 'artifact' as const, detail: 'specs/x/spec.md is missing' }];

// One change of every kind: a kind added to the models without a sample here fails to compile.
const wipChanges: { [K in WipChange['kind']]: Extract<WipChange, { kind: K }>[] } = {
  granted: [
    { kind: 'granted', item, lane: 'regular', promoted: false },
    { kind: 'granted', item: { ...item, expedite: true }, lane: 'expedite', promoted: true },
  ],
  queued: [{ kind: 'queued', item, position: 1, reason: 'pod_limit', holders: [{ id: 'gh:acme/pay#11', lane: 'regular', since: at }] }],
  released: [{ kind: 'released', item, reason: 'merged', promoted: ['gh:acme/pay#13'] }],
  draft: [{ kind: 'draft', item }],
  updated: [{ kind: 'updated', item }],
  policy: [{ kind: 'policy', before: policy, after: { ...policy, limit: 1 }, actor: 'lead', reason: 'focus', promoted: [] }],
};

const stageChanges: { [K in StageChange['kind']]: Extract<StageChange, { kind: K }>[] } = {
  advanced: [
    { kind: 'advanced', from: 'discovery', to: 'build', how: 'advance', actor: 'clos', at },
    { kind: 'advanced', from: 'discovery', to: 'build', how: 'override', actor: 'lead', reason: 'launch', at },
  ],
  started: [{ kind: 'started', to: 'discovery', at }],
  refused: [{ kind: 'refused', stageId: 'discovery', by: 'bob', missing, failedRequests: 1 }],
  escalated: [{ kind: 'escalated', stageId: 'discovery', by: 'bob', missing, failedRequests: 3 }],
  resumed: [{ kind: 'resumed', stageId: 'discovery', by: 'lead', role: 'lead' }],
  overdue: [{ kind: 'overdue', stageId: 'discovery', enteredAt: at, deadline: '2025-03-10T10:00:00.000Z' }],
  evidence: [{ kind: 'evidence', stageId: 'discovery', evidence: { criterionId: 'spec', by: 'alice', value: 'https://x/spec', at } }],
};

function recordedByWorkflows(): EventRecord[] {
  const wip = collectingOutbox();
  queueWipEffects(
    wip.outbox,
    { podId: 'payments', mode: 'enforce', limit: 2, now: at, stateOf: () => 'held' },
    Object.values(wipChanges).flat(),
  );
  const stage = collectingOutbox();
  queueStageEffects(stage.outbox, { projectId: 'checkout', podId: 'payments', now: at, stageName: (id) => id }, Object.values(stageChanges).flat());
  return [...wip.events, ...stage.events];
}

describe('event types the workflows record', () => {
  const events = recordedByWorkflows();

  it('are all in the event catalogue, with payloads its schemas accept', () => {
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect({ type: event.type, known: isEventType(event.type) }).toEqual({ type: event.type, known: true });
      expect(() => parseEventPayload(event.type as EventType, event.payload)).not.toThrow();
    }
  });

  it('are each listed as recorded types, and every recorded type but those activities write comes from a workflow', () => {
    const written = new Set(events.map((e) => e.type));
    for (const type of written) expect(RECORDED_EVENT_TYPES).toContain(type);
    // Written by activities, not by a model change: the Linear comment, and the pod circuit
    // breaker after a health scan (services/api/test/circuit-breaker.test.ts).
    expect([...RECORDED_EVENT_TYPES].filter((t) => !written.has(t)).sort()).toEqual(['health.breaker_recovered', 'health.breaker_tripped', 'linear.comment_created']);
  });
});
