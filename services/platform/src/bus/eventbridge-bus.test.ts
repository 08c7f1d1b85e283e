import type { PutEventsCommand, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '@clos/domain';
import { randomUUID } from 'node:crypto';
import { EventBridgeBus, type PutEventsClient } from './eventbridge-bus.js';

function event(n: number): DomainEvent {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    type: 'installation.changed',
    source: 'github',
    occurredAt: now,
    receivedAt: now,
    deliveryId: `d${n}`,
    correlationId: `c${n}`,
    subject: {},
    payload: { action: 'added', account: 'acme', repos: [] },
  } as DomainEvent;
}

/**
 * A stand-in for EventBridge that rejects chosen entries a number of times,
 * as the real service does under throttling. (The happy path and the rule →
 * SQS route are tested against the moto server in test/.)
 */
class FlakyEventBridge implements PutEventsClient {
  readonly requests: { ids: string[] }[] = [];
  constructor(private readonly failures: Map<string, number>) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    const entries = command.input.Entries ?? [];
    const ids = entries.map((e) => (JSON.parse(e.Detail!) as { id: string }).id);
    this.requests.push({ ids });
    const results = ids.map((id) => {
      const left = this.failures.get(id) ?? 0;
      if (left > 0) {
        this.failures.set(id, left - 1);
        return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
      }
      return { EventId: `eb-${id}` };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results, $metadata: {} };
  }
}

describe('EventBridgeBus', () => {
  const backoff = { baseMs: 1, maxMs: 2 };

  it('sends at most 10 entries per request, with source, detail type and the envelope as detail', async () => {
    const client = new FlakyEventBridge(new Map());
    const sent: PutEventsCommand[] = [];
    const recording: PutEventsClient = {
      send: (command) => {
        sent.push(command);
        return client.send(command);
      },
    };
    const events = Array.from({ length: 25 }, (_, i) => event(i));
    await new EventBridgeBus({ client: recording, busName: 'clos', backoff }).publish(events);
    expect(client.requests.map((r) => r.ids.length)).toEqual([10, 10, 5]);
    const first = sent[0]!.input.Entries![0]!;
    expect(first).toMatchObject({ EventBusName: 'clos', Source: 'clos.github', DetailType: 'installation.changed' });
    expect(JSON.parse(first.Detail!)).toEqual(events[0]);
  });

  it('retries only the rejected entries', async () => {
    const events = Array.from({ length: 4 }, (_, i) => event(i));
    const client = new FlakyEventBridge(new Map([[events[1]!.id, 2], [events[3]!.id, 1]]));
    await new EventBridgeBus({ client, busName: 'clos', backoff }).publish(events);
    expect(client.requests.map((r) => r.ids)).toEqual([
      events.map((e) => e.id),
      [events[1]!.id, events[3]!.id],
      [events[1]!.id],
    ]);
  });

  it('fails with Unavailable naming the events still rejected after maxAttempts', async () => {
    const events = [event(1), event(2)];
    const client = new FlakyEventBridge(new Map([[events[0]!.id, 99]]));
    await expect(new EventBridgeBus({ client, busName: 'clos', backoff, maxAttempts: 3 }).publish(events)).rejects.toMatchObject({
      code: 'Unavailable',
      details: { failed: [{ id: events[0]!.id, code: 'ThrottlingException', message: 'Rate exceeded' }] },
    });
    expect(client.requests).toHaveLength(3);
  });

  it('refuses an invalid event before sending anything', async () => {
    const client = new FlakyEventBridge(new Map());
    const bad = { ...event(1), payload: { action: 'added' } } as unknown as DomainEvent;
    await expect(new EventBridgeBus({ client, busName: 'clos', backoff }).publish([bad])).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(client.requests).toEqual([]);
  });
});
