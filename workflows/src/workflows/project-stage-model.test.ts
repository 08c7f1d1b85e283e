import { BUILT_IN_TEMPLATES } from '@clos/domain';
import { ProjectStageModel, initialProjectStageData } from './project-stage-model.js';

const T0 = '2025-01-01T00:00:00.000Z';
const make = (template = BUILT_IN_TEMPLATES.delivery, days?: number): ProjectStageModel =>
  new ProjectStageModel(
    { projectId: 'p1', podId: 'alpha', template, ...(days !== undefined ? { stageTimeLimitDays: days } : {}) },
    initialProjectStageData(template, undefined, T0, 'run-1'),
  );

describe('ProjectStageModel', () => {
  it('counts sign-offs and approvals only in the stage they were given', () => {
    const m = make();
    m.reviewSubmitted({ by: 'lea', role: 'lead' });
    m.evidenceSubmitted({ criterionId: 'problem-statement', by: 'ana', value: 'why' }, T0);
    m.signoff({ by: 'lea', role: 'lead' }, T0);
    expect(m.advanceWhilePassing(T0).map((c) => c.kind === 'advanced' && c.to)).toEqual(['discovery']);
    // The review given in idea does not approve the discovery brief.
    m.artifactPushed({ repo: 'acme/web', paths: ['docs/projects/p1/brief.md'] });
    expect(m.gate().missing.map((x) => x.criterion.id)).toEqual(['brief-approved']);
  });

  it('escalates on the third refusal and refuses nothing more until resumed', () => {
    const m = make();
    expect(m.requestAdvance({ by: 'a' }, T0).result).toMatchObject({ status: 'blocked', failedRequests: 1, escalated: false });
    m.requestAdvance({ by: 'a' }, T0);
    expect(m.requestAdvance({ by: 'a' }, T0).result).toMatchObject({ status: 'blocked', failedRequests: 3, escalated: true });
    expect(m.requestAdvance({ by: 'a' }, T0).result.status).toBe('paused');
    expect(m.verdict().description).toContain('paused');
    expect(m.resume({ by: 'lea', role: 'lead' }, T0).result.status).toBe('resumed');
    expect(m.requestAdvance({ by: 'a' }, T0).result).toMatchObject({ failedRequests: 1 });
  });

  it('finds the tasks file of a template that tracks tasks', () => {
    expect(make(BUILT_IN_TEMPLATES.spec).tasksPath()).toBe('specs/p1/tasks.md');
    expect(make().tasksPath()).toBeUndefined();
    expect(make(BUILT_IN_TEMPLATES.spec).artifactPaths()).toEqual(['specs/p1/research.md', 'specs/p1/requirements.md', 'specs/p1/design.md', 'specs/p1/tasks.md']);
  });

  it('alerts once when the time limit runs out', () => {
    const m = make(BUILT_IN_TEMPLATES.delivery, 2);
    const deadline = Date.parse(T0) + 2 * 86_400_000;
    expect(m.checkOverdue(deadline - 1)).toBeUndefined();
    expect(m.checkOverdue(deadline)).toMatchObject({ kind: 'overdue', stageId: 'idea' });
    expect(m.checkOverdue(deadline + 1)).toBeUndefined();
  });

  it('replaces looked-up artifacts and keeps the others', () => {
    const m = make(BUILT_IN_TEMPLATES.spec);
    m.artifactPushed({ repo: 'acme/web', paths: ['specs/p1/research.md', 'README.md'] });
    expect(m.applyLoadedFacts({ artifacts: [], checkedPaths: ['specs/p1/research.md'] })).toBe(true);
    expect(m.facts().artifacts).toEqual(['README.md']);
  });
});
