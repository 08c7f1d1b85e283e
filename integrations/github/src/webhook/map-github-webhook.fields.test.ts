import { ClosError, keepJsonFields, type JsonFields } from '@clos/domain';
import { githubExamples, type Json } from '../../test/support/github-examples.js';
import { githubPayloadFields, mapGithubWebhook } from './map-github-webhook.js';

/** Mapping's outcome with fixed envelope values: the events, or the refusal's code and message. */
function outcome(name: string, payload: unknown): unknown {
  let n = 0;
  try {
    return mapGithubWebhook({ name, deliveryId: 'd-1', payload, receivedAt: '2024-05-01T12:00:00.000Z', correlationId: 'c-1', newId: () => `evt-${++n}` });
  } catch (error) {
    if (!(error instanceof ClosError)) throw error;
    return { refused: error.code, message: error.message, details: error.details };
  }
}

/** Every path the fields name down to their leaves, as key lists. */
function leafPaths(fields: JsonFields, prefix: string[] = []): string[][] {
  return Object.entries(fields).flatMap(([key, sub]) => (sub === true ? [[...prefix, key]] : [[...prefix, key], ...leafPaths(sub, [...prefix, key])]));
}

/** A copy of `payload` without the value at `path` (in every array element on the way). */
function without(payload: unknown, path: string[]): unknown {
  if (path.length === 0 || payload === null || typeof payload !== 'object') return payload;
  if (Array.isArray(payload)) return payload.map((element) => without(element, path));
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Json = { ...(payload as Json) };
  if (rest.length === 0) delete copy[key];
  else if (Object.hasOwn(copy, key)) copy[key] = without(copy[key], rest);
  return copy;
}

describe('githubPayloadFields', () => {
  it('lets the mapper give the same events from the fields as from the whole payload, for every GitHub example', () => {
    let mapped = 0;
    for (const { name, examples } of githubExamples) {
      for (const payload of examples as unknown[]) {
        const kept = keepJsonFields(payload, githubPayloadFields(name));
        expect(outcome(name, kept)).toStrictEqual(outcome(name, payload));
        mapped += 1;
      }
    }
    expect(mapped).toBeGreaterThan(100);
  });

  it('lets the mapper refuse the same deliveries, with the same message, when any field it reads is missing', () => {
    let refusals = 0;
    for (const name of ['pull_request', 'pull_request_review', 'check_run', 'check_suite', 'status', 'push', 'merge_group', 'installation', 'installation_repositories', 'deployment_status', 'issues']) {
      const definition = githubExamples.find((d) => d.name === name);
      for (const payload of (definition?.examples ?? []) as unknown[]) {
        const fields = githubPayloadFields(name);
        for (const path of leafPaths(fields)) {
          const broken = without(payload, path);
          const whole = outcome(name, broken);
          expect(outcome(name, keepJsonFields(broken, fields))).toStrictEqual(whole);
          if (!Array.isArray(whole)) refusals += 1;
        }
      }
    }
    // The check is only worth something if many of those deliveries are refused.
    expect(refusals).toBeGreaterThan(100);
  });

  it('reads only the action of events CLOS does not act on', () => {
    expect(githubPayloadFields('star')).toStrictEqual({ action: true });
    expect(githubPayloadFields('pull_request')).toMatchObject({ action: true, pull_request: { head: { sha: true } }, repository: { full_name: true } });
    const star = githubExamples.find((d) => d.name === 'star')!.examples[0] as Json;
    expect(outcome('star', keepJsonFields(star, githubPayloadFields('star')))).toStrictEqual(outcome('star', star));
  });
});
