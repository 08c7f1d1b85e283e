import { stageFunnel } from './funnel.js';

const template = { id: 'delivery', stages: [{ id: 'idea', name: 'Idea' }, { id: 'build', name: 'Build' }, { id: 'done', name: 'Done' }] };
const now = '2026-03-20T00:00:00.000Z';

describe('stageFunnel', () => {
  it('counts projects per stage, their median days there, and forward conversion', () => {
    const funnel = stageFunnel({
      templates: [template],
      now,
      projects: [
        { id: 'a', templateId: 'delivery', currentStage: 'idea', stageEnteredAt: '2026-03-18T00:00:00.000Z' }, // 2 days
        { id: 'b', templateId: 'delivery', currentStage: 'build', stageEnteredAt: '2026-03-16T00:00:00.000Z' }, // 4 days
        { id: 'c', templateId: 'delivery', currentStage: 'build', stageEnteredAt: '2026-03-10T00:00:00.000Z' }, // 10 days
        { id: 'd', templateId: 'delivery', currentStage: 'idea', stageEnteredAt: null },
      ],
      transitions: [
        { projectId: 'a', from: null, to: 'idea' },
        { projectId: 'b', from: null, to: 'idea' },
        { projectId: 'b', from: 'idea', to: 'build' },
        { projectId: 'c', from: null, to: 'idea' },
        { projectId: 'c', from: 'idea', to: 'done' },
        { projectId: 'c', from: 'done', to: 'build' }, // a reset: not a conversion out of done
        { projectId: 'ghost', from: null, to: 'idea' }, // a project not shown: left out
      ],
    });
    expect(funnel).toEqual([
      { template: 'delivery', stageId: 'idea', name: 'Idea', order: 0, count: 2, medianDaysInStage: 2, conversion: 0.5 }, // b, c of a, b, c, d
      { template: 'delivery', stageId: 'build', name: 'Build', order: 1, count: 2, medianDaysInStage: 7, conversion: 0 },
      { template: 'delivery', stageId: 'done', name: 'Done', order: 2, count: 0, medianDaysInStage: null, conversion: null },
    ]);
  });
});
