import { BUILT_IN_TEMPLATES, isClosError } from '@clos/domain';
import type { StageTemplate } from '@clos/domain';
import { getStageState, overrideStage, requestAdvance, resumeStage, signalProject, submitEvidence } from '../src/client.js';
import type { ProjectStageStart } from '../src/client.js';
import {
  artifactPushedSignal,
  checkCompletedSignal,
  linearProgressSignal,
  pullRequestChangedSignal,
  reviewSubmittedSignal,
  signoffSignal,
} from '../src/shared/project-stage-messages.js';
import { projectStageBatchSignal } from '../src/shared/batch-messages.js';
import { WORKFLOW_TYPES, projectStageWorkflowId } from '../src/shared/ids.js';
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

const REPO = 'acme/web';
let projects = 0;

function newProject(template: StageTemplate, extra: Partial<ProjectStageStart> = {}): { projectId: string; start: ProjectStageStart } {
  projects += 1;
  const projectId = `proj-${h.run}-${projects}`;
  return { projectId, start: { projectId, podId: `pod-${h.run}`, template, taskQueue: h.taskQueue, ...extra } };
}

function sha(n: number): string {
  return `${h.run}${String(n).padStart(6, '0')}`.padEnd(40, 'b');
}

async function stageOf(projectId: string): Promise<string | undefined> {
  return (await getStageState(h.client, projectId))?.stage.id;
}

describe('projectStage', () => {
  it('blocks at the gate, then advances on its own once the criteria are met', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery);
    await signalProject(h.client, start, pullRequestChangedSignal, { repo: REPO, number: 1, headSha: sha(1), state: 'open' });
    const red = await h.github.waitForStatus({ repo: REPO, sha: sha(1), context: 'clos/stage-gate', state: 'failure' });
    expect(red.description).toBe('Idea: 2/2 unmet — problem-statement evidence missing; sign-off by a lead 0/1');
    expect(red.targetUrl).toBe(`http://clos.test/explain/stage/${projectId}?repo=${encodeURIComponent(REPO)}`);

    await submitEvidence(h.client, start, { criterionId: 'problem-statement', by: 'ana', role: 'member', value: 'https://docs/problem' });
    await expect(requestAdvance(h.client, projectId, { by: 'ana' })).resolves.toEqual({
      status: 'blocked',
      stageId: 'idea',
      missing: [{ criterionId: 'lead-go', type: 'signoff', description: 'Pod lead agrees to start discovery', detail: 'sign-off by a lead 0/1' }],
      failedRequests: 1,
      escalated: false,
    });
    // A member's sign-off is not a lead's.
    await signalProject(h.client, start, signoffSignal, { by: 'ana', role: 'member' });
    await signalProject(h.client, start, signoffSignal, { by: 'lea', role: 'lead' });
    await eventually(async () => ((await stageOf(projectId)) === 'discovery' ? true : undefined));
    const next = await eventually(() => {
      const s = h.github.latestStatus(REPO, sha(1), 'clos/stage-gate');
      return s?.description?.startsWith('Discovery') === true ? s : undefined;
    });
    expect(next).toMatchObject({ state: 'failure', description: expect.stringContaining('brief.md missing') });

    // Approvals count in the stage they are given, by role.
    await signalProject(h.client, start, artifactPushedSignal, { repo: REPO, paths: [`docs/projects/${projectId}/brief.md`] });
    await signalProject(h.client, start, reviewSubmittedSignal, { by: 'bob', role: 'member' });
    await signalProject(h.client, start, reviewSubmittedSignal, { by: 'lea', role: 'lead' });
    await eventually(async () => ((await stageOf(projectId)) === 'build' ? true : undefined));
    await signalProject(h.client, start, linearProgressSignal, { total: 3, done: 3 });
    await submitEvidence(h.client, start, { criterionId: 'demo', by: 'ana', value: 'https://video/demo' });
    await eventually(async () => ((await stageOf(projectId)) === 'launch' ? true : undefined));
    const state = await getStageState(h.client, projectId);
    expect(state?.transitions.map((t) => `${t.kind}:${t.to}`)).toEqual(['start:idea', 'advance:discovery', 'advance:build', 'advance:launch']);
  });

  it('reads artifacts and tasks.md from GitHub and Linear counts, and advances through several stages at once', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.spec, { repos: [REPO], linearProject: `Specs ${h.run}` });
    h.linear.addProject({ name: `Specs ${h.run}` });
    h.github.setFile(REPO, `specs/${projectId}/research.md`, '# research');
    h.github.setFile(REPO, `specs/${projectId}/requirements.md`, '# requirements');
    await signalProject(h.client, start, pullRequestChangedSignal, { repo: REPO, number: 2, headSha: sha(2), state: 'open' });
    await eventually(async () => ((await stageOf(projectId)) === 'design' ? true : undefined));

    h.github.setFile(REPO, `specs/${projectId}/design.md`, '# design');
    h.github.setFile(REPO, `specs/${projectId}/tasks.md`, '- [x] model\n- [ ] api [VERIFY] ci/test\n');
    await signalProject(h.client, start, artifactPushedSignal, {
      repo: REPO,
      paths: [`specs/${projectId}/design.md`, `specs/${projectId}/tasks.md`],
    });
    await eventually(async () => ((await stageOf(projectId)) === 'execution' ? true : undefined));
    const blocked = await eventually(async () => {
      const s = await getStageState(h.client, projectId);
      return s?.facts.tasks !== undefined ? s : undefined;
    });
    expect(blocked.facts.tasks).toMatchObject({ total: 2, done: 1, verifyChecks: ['ci/test'] });
    expect(blocked.gate.results[0]?.detail).toBe('tasks 1/2 done, ci/test not reported');

    h.github.setFile(REPO, `specs/${projectId}/tasks.md`, '- [x] model\n- [x] api [VERIFY] ci/test\n');
    await signalProject(h.client, start, artifactPushedSignal, { repo: REPO, paths: [`specs/${projectId}/tasks.md`] });
    await signalProject(h.client, start, checkCompletedSignal, { name: 'ci/test', conclusion: 'success' });
    await eventually(async () => ((await stageOf(projectId)) === 'done' ? true : undefined));
    await expect(h.github.waitForStatus({ repo: REPO, sha: sha(2), context: 'clos/stage-gate', state: 'success' })).resolves.toMatchObject({
      description: 'Done: final stage reached',
    });
  });

  it('escalates on the third refused request and pauses until a lead resumes', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery, { channel: '#alpha' });
    await requestAdvance(h.client, projectId, { by: 'ana' }, start);
    await requestAdvance(h.client, projectId, { by: 'ana' });
    await expect(requestAdvance(h.client, projectId, { by: 'ana' })).resolves.toMatchObject({ status: 'blocked', failedRequests: 3, escalated: true });
    await expect(requestAdvance(h.client, projectId, { by: 'ana' })).resolves.toMatchObject({ status: 'paused', stageId: 'idea' });
    const escalation = await eventually(() => h.notifier.sent.find((n) => n.kind === 'stage.escalated' && n.text.includes(projectId)));
    expect(escalation).toMatchObject({ channel: '#alpha', podId: `pod-${h.run}` });
    expect(escalation.text).toContain('paused until a lead resumes');

    // Paused: even a met gate does not move.
    await submitEvidence(h.client, start, { criterionId: 'problem-statement', by: 'ana', value: 'why' });
    await signalProject(h.client, start, signoffSignal, { by: 'lea', role: 'lead' });
    await expect((await getStageState(h.client, projectId))?.paused).toBe(true);

    const refused = resumeStage(h.client, projectId, { by: 'ana', role: 'member' });
    await expect(refused).rejects.toThrow(/needs a lead or admin/);
    await expect(refused.catch((e: unknown) => isClosError(e, 'Forbidden'))).resolves.toBe(true);
    await expect(resumeStage(h.client, projectId, { by: 'lea', role: 'lead', reason: 'unblocked' })).resolves.toEqual({ status: 'resumed', stageId: 'idea' });
    await eventually(async () => ((await stageOf(projectId)) === 'discovery' ? true : undefined));
    await expect(resumeStage(h.client, projectId, { by: 'lea', role: 'lead' })).resolves.toEqual({ status: 'not_paused', stageId: 'discovery' });
  });

  it('takes an override only from a lead with a reason, and audits it', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery);
    await h.seedPod(`pod-${h.run}`, [{ id: projectId, templateId: 'delivery' }]);
    await requestAdvance(h.client, projectId, { by: 'ana' }, start);

    const noReason = overrideStage(h.client, projectId, { by: 'lea', role: 'lead', reason: ' ' });
    await expect(noReason).rejects.toThrow(/override\.reason/);
    await expect(noReason.catch((e: unknown) => isClosError(e, 'InvalidInput'))).resolves.toBe(true);
    await expect(overrideStage(h.client, projectId, { by: 'ana', role: 'member', reason: 'hurry' })).rejects.toThrow(/needs a lead or admin/);
    await expect(overrideStage(h.client, projectId, { by: 'lea', role: 'lead', reason: 'x', toStageId: 'nope' })).rejects.toThrow(/not a stage/);
    await expect(overrideStage(h.client, projectId, { by: 'lea', role: 'lead', reason: 'customer escalation' })).resolves.toEqual({
      status: 'advanced',
      from: 'idea',
      to: 'discovery',
    });

    const audit = await eventually(async () => {
      const { rows } = await h.pool.query(`SELECT actor, details FROM audit_log WHERE action = 'stage.override' AND target = $1`, [`project:${projectId}`]);
      return rows.length > 0 ? rows : undefined;
    });
    expect(audit).toEqual([{ actor: 'lea', details: expect.objectContaining({ from: 'idea', to: 'discovery', reason: 'customer escalation' }) }]);
    const transitions = await eventually(async () => {
      const { rows } = await h.pool.query(`SELECT from_stage, to_stage, kind, actor, reason FROM stage_transitions WHERE project_id = $1 ORDER BY at`, [projectId]);
      return rows.length >= 2 ? rows : undefined;
    });
    expect(transitions).toEqual([
      { from_stage: null, to_stage: 'idea', kind: 'start', actor: null, reason: null },
      { from_stage: 'idea', to_stage: 'discovery', kind: 'override', actor: 'lea', reason: 'customer escalation' },
    ]);
    const project = await eventually(async () => {
      const { rows } = await h.pool.query(`SELECT current_stage FROM projects WHERE id = $1`, [projectId]);
      return rows[0]?.current_stage === 'discovery' ? rows[0] : undefined;
    });
    expect(project).toEqual({ current_stage: 'discovery' });
  });

  it('records evidence once, however often it is delivered', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery);
    await h.seedPod(`pod-${h.run}`, [{ id: projectId, templateId: 'delivery' }]);
    const evidence = { criterionId: 'problem-statement', by: 'ana', role: 'member' as const, value: 'https://docs/why' };
    await Promise.all([1, 2, 3].map(() => submitEvidence(h.client, start, evidence)));
    await eventually(async () => ((await getStageState(h.client, projectId))?.facts.evidence.length === 1 ? true : undefined));
    const rows = await eventually(async () => {
      const result = await h.pool.query(`SELECT submitted_by, value FROM evidence WHERE project_id = $1`, [projectId]);
      return result.rows.length > 0 ? result.rows : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rows).toEqual([{ submitted_by: 'ana', value: 'https://docs/why' }]);
  });

  it('takes a batch of facts in one signal', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery);
    const { taskQueue, ...args } = start;
    await h.client.workflow.signalWithStart(WORKFLOW_TYPES.projectStage, {
      workflowId: projectStageWorkflowId(projectId),
      taskQueue: taskQueue ?? h.taskQueue,
      args: [args],
      signal: projectStageBatchSignal,
      signalArgs: [
        {
          commands: [
            { type: 'pullRequestChanged', input: { repo: REPO, number: 4, headSha: sha(4), state: 'open' } },
            { type: 'evidenceSubmitted', input: { criterionId: 'problem-statement', by: 'ana', value: 'why' } },
            { type: 'checkCompleted', input: { name: 'ci', conclusion: 'success' } },
            { type: 'signoff', input: { by: 'lea', role: 'lead' } },
          ],
        },
      ],
    });
    await eventually(async () => ((await stageOf(projectId)) === 'discovery' ? true : undefined));
    expect((await getStageState(h.client, projectId))?.facts.checks).toEqual({ ci: 'success' });
    await h.github.waitForStatus({ repo: REPO, sha: sha(4), context: 'clos/stage-gate', state: 'failure' });
  });

  it('keeps its state across continue-as-new', async () => {
    const { projectId, start } = newProject(BUILT_IN_TEMPLATES.delivery, { maxHistoryLength: 50 });
    await signalProject(h.client, start, pullRequestChangedSignal, { repo: REPO, number: 3, headSha: sha(3), state: 'open' });
    const handle = h.client.workflow.getHandle(`project-stage:${projectId}`);
    const { runId: firstRun } = await handle.describe();
    await submitEvidence(h.client, start, { criterionId: 'problem-statement', by: 'ana', value: 'why' });
    // Signals may share workflow tasks, so how many fill the history varies: send until it rolls over.
    let last = 'success';
    for (let i = 0; (await handle.describe()).runId === firstRun; i += 1) {
      if (i >= 200) throw new Error('the workflow never continued as new');
      last = i % 2 === 0 ? 'success' : 'failure';
      await signalProject(h.client, start, checkCompletedSignal, { name: 'ci', conclusion: last });
    }
    await signalProject(h.client, start, signoffSignal, { by: 'lea', role: 'lead' });
    await eventually(async () => ((await stageOf(projectId)) === 'discovery' ? true : undefined));
    const state = await getStageState(h.client, projectId);
    expect(state?.openPullRequests).toEqual([{ repo: REPO, number: 3, headSha: sha(3), state: 'open' }]);
    expect(state?.facts.checks).toEqual({ ci: last });
    expect(state?.facts.evidence.map((e) => e.value)).toEqual([]);
    expect(state?.transitions.map((t) => t.to)).toEqual(['idea', 'discovery']);
  });
});
