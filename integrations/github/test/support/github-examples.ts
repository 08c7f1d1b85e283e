import { createRequire } from 'node:module';
import { ClosError, parseDomainEvent, type DomainEvent } from '@clos/domain';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { mapGithubWebhook } from '../../src/webhook/map-github-webhook.js';

/**
 * GitHub's own example webhook payloads (npm `@octokit/webhooks-examples`). The package's
 * entry point is a JSON file, loaded through `require` so neither the compiler nor the
 * test runner needs JSON import attributes.
 */
export const githubExamples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

/** A JSON object. */
export type Json = Record<string, unknown>;

/** GitHub's example payloads for one event, deep-copied so tests may edit them. */
export function examplesOf(name: string): Json[] {
  const definition = githubExamples.find((d) => d.name === name);
  if (definition === undefined) throw new Error(`no examples for ${name}`);
  return definition.examples.map((e) => JSON.parse(JSON.stringify(e)) as Json);
}

/** The first example of an event (and action) that `pick` accepts. */
export function exampleOf(name: string, action?: string, pick: (e: Json) => boolean = () => true): Json {
  const found = examplesOf(name).find((e) => (action === undefined || e.action === action) && pick(e));
  if (found === undefined) throw new Error(`no ${name}.${action ?? ''} example`);
  return found;
}

/** The object at a dotted path, for editing examples in place. */
export function at(obj: Json, path: string): Json {
  return path.split('.').reduce<Json>((o, key) => o[key] as Json, obj);
}

let counter = 0;

/** Maps a delivery with fixed envelope values and checks every event against the catalogue. */
export function mapForTest(name: string, payload: unknown): DomainEvent[] {
  const events = mapGithubWebhook({
    name,
    deliveryId: 'd-1',
    payload,
    receivedAt: '2024-05-01T12:00:00.000Z',
    correlationId: 'c-1',
    newId: () => `evt-${++counter}`,
  });
  // Whatever leaves the mapper must be a valid catalogue event.
  for (const event of events) expect(parseDomainEvent(event)).toEqual(event);
  return events;
}

/** The `ClosError` mapping a delivery throws. */
export function mapErrorForTest(name: string, payload: unknown): ClosError {
  try {
    mapForTest(name, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(ClosError);
    return error as ClosError;
  }
  throw new Error('expected the mapper to throw');
}
