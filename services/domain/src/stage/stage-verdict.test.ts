import { evaluateGate, type GateEvaluation } from './evaluate-gate.js';
import type { GateFacts } from './gate-facts.js';
import type { Criterion, StageDef } from './stage-schema.js';
import { stageVerdict } from './stage-verdict.js';

const none: GateFacts = { artifacts: [], checks: {}, approvals: [], linear: { total: 5, done: 3 }, evidence: [], signoffs: [] };
const build: StageDef = {
  id: 'build',
  name: 'Build',
  criteria: [
    { id: 'issues-done', type: 'linearDone' },
    { id: 'demo', type: 'evidence' },
    { id: 'green', type: 'checks', checks: ['ci/test'] },
  ],
};
const evaluate = (stage: StageDef, facts: GateFacts): GateEvaluation => evaluateGate(stage, facts, { projectId: 'checkout-v2' });

describe('stageVerdict', () => {
  it('is red naming what is missing', () => {
    expect(stageVerdict(build, evaluate(build, { ...none, checks: { 'ci/test': 'success' } }))).toEqual({
      state: 'failure',
      description: 'Build: 2/3 unmet — Linear issues 3/5 done; demo evidence missing',
    });
  });

  it('is green when the gate is met or the project is done', () => {
    const met = evaluate(build, {
      ...none,
      linear: { total: 5, done: 5 },
      checks: { 'ci/test': 'success' },
      evidence: [{ criterionId: 'demo', by: 'alice', value: 'https://rec', at: '2024-05-01T00:00:00Z' }],
    });
    expect(stageVerdict(build, met)).toEqual({ state: 'success', description: 'Build: gate met (3/3)' });
    const done: StageDef = { id: 'done', name: 'Done', criteria: [] };
    expect(stageVerdict(done, evaluate(done, none), { terminal: true })).toEqual({ state: 'success', description: 'Done: final stage reached' });
  });

  it('is red while paused, even with the gate met', () => {
    const idle: StageDef = { id: 'idle', name: 'Idle', criteria: [] };
    expect(stageVerdict(idle, evaluate(idle, none), { paused: true })).toEqual({
      state: 'failure',
      description: 'Idle (paused, a lead must resume)',
    });
    expect(stageVerdict(build, evaluate(build, none), { paused: true }).description).toMatch(/^Build \(paused, a lead must resume\): 3\/3 unmet — /);
  });

  it('stays green in warn and observe modes', () => {
    const evaluation = evaluate(build, none);
    expect(stageVerdict(build, evaluation, { mode: 'warn' })).toMatchObject({ state: 'success', description: expect.stringMatching(/^Gate not met: Build: 3\/3 unmet/) });
    expect(stageVerdict(build, evaluation, { mode: 'observe' })).toMatchObject({
      state: 'success',
      description: expect.stringMatching(/^Observe: enforce would block — Build/),
    });
  });

  it('fits 140 characters, counting what it leaves out', () => {
    const criteria: Criterion[] = Array.from({ length: 8 }, (_, i) => ({
      id: `doc-${i}`,
      type: 'artifact',
      path: `docs/projects/{project}/a-rather-long-document-name-${i}.md`,
    }));
    const stage: StageDef = { id: 'x', name: 'Discovery', criteria };
    const { state, description } = stageVerdict(stage, evaluate(stage, none));
    expect(state).toBe('failure');
    expect(description.length).toBeLessThanOrEqual(140);
    expect(description).toMatch(/^Discovery: 8\/8 unmet — docs\/projects\/checkout-v2\/a-rather-long-document-name-0\.md missing; \+7 more$/);
  });
});
