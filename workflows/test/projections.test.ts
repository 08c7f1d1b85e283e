import { BUILT_IN_TEMPLATES } from '@clos/domain';
import { acquireWorkItem, getStageState, getWipState, releaseWorkItem, signalProject, submitEvidence } from '../src/client.js';
import type { PodWipStart, ProjectStageStart } from '../src/client.js';
import type { PodWipProjection, ProjectStageProjection } from '../src/activities/types.js';
import { PROJECTION_KEYS } from '../src/shared/ids.js';
import { pullRequestChangedSignal } from '../src/shared/project-stage-messages.js';
import { createHarness, eventually } from './support/harness.js';
import type { Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
}, 120_000);

afterAll(async () => {
  await h.close();
});

const REPO = 'acme/views';

function sha(n: number): string {
  return `${h.run}${String(n).padStart(4, '0')}`.padEnd(40, 'd');
}

function item(n: number): { id: string; personId: string; pullRequests: { repo: string; number: number; headSha: string }[] } {
  return { id: `gh:${REPO}#${n}`, personId: `dev${n}`, pullRequests: [{ repo: REPO, number: n, headSha: sha(n) }] };
}

async function podProjection(podId: string): Promise<{ doc: PodWipProjection; version: number } | undefined> {
  const { pk, sk } = PROJECTION_KEYS.podWip(podId);
  const stored = await h.projections.get<PodWipProjection & Record<string, unknown>>(pk, sk);
  return stored === undefined ? undefined : { doc: stored.doc, version: stored.version ?? 0 };
}

/** Waits until the stored view is the one the workflow's query answers. */
async function projectionMatchingQuery(podId: string): Promise<{ doc: PodWipProjection; version: number }> {
  return eventually(
    async () => {
      const [view, stored] = await Promise.all([getWipState(h.client, podId), podProjection(podId)]);
      if (view === undefined || stored === undefined) return undefined;
      const same =
        JSON.stringify(stored.doc.holders) === JSON.stringify(view.holders) &&
        JSON.stringify(stored.doc.queue) === JSON.stringify(view.queue) &&
        stored.doc.limit === view.policy.limit &&
        stored.doc.mode === view.policy.mode;
      return same ? stored : undefined;
    },
    20_000,
    `the projection of ${podId} to match the workflow's query`,
  );
}

describe('live projections', () => {
  it('keeps each pod’s WIP view in DynamoDB in step with the workflow, newest version winning', async () => {
    const podId = `views-${h.run}`;
    const start: PodWipStart = { policy: { limit: 2, expediteQuota: 0, mode: 'enforce' }, taskQueue: h.taskQueue };
    for (const n of [1, 2, 3]) await acquireWorkItem(h.client, podId, item(n), start);

    const full = await projectionMatchingQuery(podId);
    expect(full.doc).toMatchObject({ podId, limit: 2, mode: 'enforce', expediteQuota: 0 });
    expect(full.doc.holders.map((x) => x.id)).toEqual([item(1).id, item(2).id]);
    expect(full.doc.queue.map((x) => x.id)).toEqual([item(3).id]);
    expect(Date.parse(full.doc.updatedAt)).not.toBeNaN();

    // Releasing a holder promotes the queue; the view follows with a higher version.
    await releaseWorkItem(h.client, podId, { id: item(1).id, reason: 'merged' }, start);
    const after = await eventually(async () => {
      const stored = await projectionMatchingQuery(podId);
      return stored.doc.queue.length === 0 ? stored : undefined;
    });
    expect(after.doc.holders.map((x) => x.id)).toEqual([item(2).id, item(3).id]);
    expect(after.version).toBeGreaterThan(full.version);

    // Asking again for a slot already held changes nothing, so nothing is written.
    await acquireWorkItem(h.client, podId, item(2), start);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await podProjection(podId))?.version).toBe(after.version);

    // A retried write (same version) and a late one (older version) are refused; the view stays.
    const stale = { kind: 'podWip' as const, podId, doc: full.doc };
    await expect(h.activities.writeProjection({ view: stale, version: after.version })).resolves.toEqual({ written: false });
    await expect(h.activities.writeProjection({ view: stale, version: full.version })).resolves.toEqual({ written: false });
    const kept = await podProjection(podId);
    expect(kept).toEqual(after);
  });

  it('keeps each project’s stage view: stage, criteria met and missing, since', async () => {
    const projectId = `views-proj-${h.run}`;
    const start: ProjectStageStart = { projectId, podId: `views-${h.run}`, template: BUILT_IN_TEMPLATES.delivery, taskQueue: h.taskQueue };
    await signalProject(h.client, start, pullRequestChangedSignal, { repo: REPO, number: 50, headSha: sha(50), state: 'open' });
    const { pk, sk } = PROJECTION_KEYS.projectStage(projectId);
    const first = await eventually(() => h.projections.get<ProjectStageProjection & Record<string, unknown>>(pk, sk));
    expect(first.doc).toMatchObject({ projectId, stage: { id: 'idea' }, met: [], paused: false });
    expect(first.doc.missing.map((m) => m.criterionId).sort()).toEqual(['lead-go', 'problem-statement']);

    await submitEvidence(h.client, start, { criterionId: 'problem-statement', by: 'ana', role: 'member', value: 'https://docs/problem' });
    const met = await eventually(async () => {
      const stored = await h.projections.get<ProjectStageProjection & Record<string, unknown>>(pk, sk);
      return stored?.doc.met.includes('problem-statement') === true ? stored : undefined;
    });
    const view = await getStageState(h.client, projectId);
    expect(met.doc).toMatchObject({
      stage: view?.stage,
      since: view?.enteredAt,
      met: ['problem-statement'],
      missing: [{ criterionId: 'lead-go', detail: 'sign-off by a lead 0/1' }],
      verdict: view?.verdict,
    });
    expect(met.version ?? 0).toBeGreaterThan(first.version ?? 0);
  });
});
