import { BUILT_IN_TEMPLATES } from '@clos/domain';
import { createDryRunGithubClient } from '@clos/github';
import { createDryRunLinearClient } from '@clos/linear';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../src/activities/create-activities.js';
import { createPgRecordStore } from '../src/activities/pg-store.js';
import { cachedWorkflowBundle } from './support/bundle-cache.js';
import { getStageState, signalProject } from '../src/client.js';
import { signoffSignal } from '../src/shared/project-stage-messages.js';
import { createRecordingNotifier, quietRuntime } from './support/harness.js';

/** The time-skipping test server: a stage's days-long limit passes in a moment. */
let env: TestWorkflowEnvironment;
let pool: pg.Pool;

beforeAll(async () => {
  const path = process.env.CLOS_TEMPORAL_TEST_SERVER_PATH;
  quietRuntime();
  if (path === undefined) throw new Error('CLOS_TEMPORAL_TEST_SERVER_PATH is not set: run the tests through jest');
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await pool?.end();
});

const quiet = { info: () => undefined, warn: () => undefined };

describe('projectStage time-in-stage limit', () => {
  it('raises one alert when a stage outlives its time limit', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const taskQueue = `clos-timer-${run}`;
    const projectId = `late-${run}`;
    const notifier = createRecordingNotifier();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await cachedWorkflowBundle(),
      activities: createActivities({
        github: createDryRunGithubClient({ log: quiet }),
        linear: createDryRunLinearClient({ log: quiet }),
        notifier,
        store: createPgRecordStore(pool),
        logger: quiet,
      }),
    });
    const start = { projectId, podId: 'slow', template: BUILT_IN_TEMPLATES.delivery, stageTimeLimitDays: 3, taskQueue };

    await worker.runUntil(async () => {
      await signalProject(env.client, start, signoffSignal, { by: 'ana', role: 'member' });
      const before = await getStageState(env.client, projectId);
      expect(before?.overdue).toBe(false);
      expect(Date.parse(before?.deadline ?? '') - Date.parse(before?.enteredAt ?? '')).toBe(3 * 24 * 3600 * 1000);

      await env.sleep('2 days');
      expect(notifier.sent.filter((n) => n.kind === 'stage.overdue')).toEqual([]);
      await env.sleep('2 days');
      const after = await getStageState(env.client, projectId);
      expect(after?.overdue).toBe(true);
      await waitFor(() => notifier.sent.some((n) => n.kind === 'stage.overdue'));
      await env.sleep('5 days');
      expect(notifier.sent.filter((n) => n.kind === 'stage.overdue')).toHaveLength(1);
      expect(notifier.sent.find((n) => n.kind === 'stage.overdue')?.text).toContain(`Project ${projectId} has been in Idea`);

      const events = await pool.query(`SELECT type, payload FROM events WHERE project_id = $1 AND type = 'stage.time_limit_exceeded'`, [projectId]);
      expect(events.rows).toEqual([{ type: 'stage.time_limit_exceeded', payload: expect.objectContaining({ stageId: 'idea' }) }]);
    });
  }, 120_000);
});

async function waitFor(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
