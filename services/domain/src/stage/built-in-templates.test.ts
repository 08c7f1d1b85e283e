import { BUILT_IN_TEMPLATE_IDS, BUILT_IN_TEMPLATES, builtInTemplate } from './built-in-templates.js';
import { evaluateGate } from './evaluate-gate.js';
import type { GateFacts } from './gate-facts.js';
import { isTerminalStage, nextStage, stageIndex } from './stage-navigation.js';
import { stageTemplateSchema } from './stage-schema.js';
import { parseTasksMarkdown } from './tasks-markdown.js';

const none: GateFacts = { artifacts: [], checks: {}, approvals: [], linear: { total: 0, done: 0 }, evidence: [], signoffs: [] };

describe('built-in templates', () => {
  it('are valid templates', () => {
    for (const template of Object.values(BUILT_IN_TEMPLATES)) expect(stageTemplateSchema.parse(template)).toEqual(template);
    expect(BUILT_IN_TEMPLATE_IDS).toEqual(['delivery', 'spec']);
    expect(builtInTemplate('spec')).toBe(BUILT_IN_TEMPLATES.spec);
    expect(builtInTemplate('constructor')).toBeUndefined();
  });

  it('delivery goes idea → discovery → build → launch → done', () => {
    expect(BUILT_IN_TEMPLATES.delivery.stages.map((s) => s.id)).toEqual(['idea', 'discovery', 'build', 'launch', 'done']);
  });

  it('spec goes research → requirements → design → tasks → execution → done, one document per phase', () => {
    const { stages } = BUILT_IN_TEMPLATES.spec;
    expect(stages.map((s) => s.id)).toEqual(['research', 'requirements', 'design', 'tasks', 'execution', 'done']);
    for (const phase of ['research', 'requirements', 'design', 'tasks']) {
      const stage = stages.find((s) => s.id === phase);
      if (stage === undefined) throw new Error(phase);
      const missing = evaluateGate(stage, none, { projectId: 'checkout-v2' });
      expect(missing.missing.map((m) => m.detail)).toEqual([`specs/checkout-v2/${phase}.md missing`]);
      expect(evaluateGate(stage, { ...none, artifacts: [`specs/checkout-v2/${phase}.md`] }, { projectId: 'checkout-v2' }).passed).toBe(true);
    }
  });

  it('spec execution needs tasks.md fully checked and its [VERIFY] checks green', () => {
    const execution = BUILT_IN_TEMPLATES.spec.stages[4];
    if (execution === undefined) throw new Error('no execution stage');
    const tasks = parseTasksMarkdown('- [x] build it\n- [x] prove it [VERIFY] ci/e2e\n- [ ] ship it');
    const ctx = { projectId: 'checkout-v2' };
    expect(evaluateGate(execution, { ...none, tasks }, ctx).missing.map((m) => m.detail)).toEqual(['tasks 2/3 done, ci/e2e not reported']);
    const finished = parseTasksMarkdown('- [x] build it\n- [x] prove it [VERIFY] ci/e2e\n- [x] ship it');
    expect(evaluateGate(execution, { ...none, tasks: finished, checks: { 'ci/e2e': 'failure' } }, ctx).passed).toBe(false);
    expect(evaluateGate(execution, { ...none, tasks: finished, checks: { 'ci/e2e': 'success' } }, ctx).passed).toBe(true);
  });
});

describe('stage navigation', () => {
  const t = BUILT_IN_TEMPLATES.delivery;
  it('finds the next stage and the terminal one', () => {
    expect(stageIndex(t, 'build')).toBe(2);
    expect(stageIndex(t, 'nope')).toBe(-1);
    expect(nextStage(t, 'idea')?.id).toBe('discovery');
    expect(nextStage(t, 'done')).toBeUndefined();
    expect(nextStage(t, 'nope')).toBeUndefined();
    expect(isTerminalStage(t, 'done')).toBe(true);
    expect(isTerminalStage(t, 'launch')).toBe(false);
    expect(isTerminalStage(t, 'nope')).toBe(false);
  });
});
