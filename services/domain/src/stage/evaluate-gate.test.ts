import { evaluateGate, resolveArtifactPath } from './evaluate-gate.js';
import type { GateFacts } from './gate-facts.js';
import type { Criterion, StageDef } from './stage-schema.js';

const AT = '2024-05-01T12:00:00Z';
const none: GateFacts = { artifacts: [], checks: {}, approvals: [], linear: { total: 0, done: 0 }, evidence: [], signoffs: [] };
const facts = (patch: Partial<GateFacts>): GateFacts => ({ ...none, ...patch });
const stage = (...criteria: Criterion[]): StageDef => ({ id: 's', name: 'Stage', criteria });
const one = (criterion: Criterion, f: GateFacts) => {
  const result = evaluateGate(stage(criterion), f, { projectId: 'checkout-v2' }).results[0];
  if (result === undefined) throw new Error('no result');
  return { met: result.met, detail: result.detail };
};

describe('evaluateGate', () => {
  it('passes a stage without criteria', () => {
    expect(evaluateGate(stage(), none, { projectId: 'p' })).toEqual({ passed: true, results: [], missing: [] });
  });

  it('lists results in order and the unmet ones as missing', () => {
    const a: Criterion = { id: 'doc', type: 'artifact', path: 'specs/{project}/design.md' };
    const b: Criterion = { id: 'ok', type: 'linearDone' };
    const evaluation = evaluateGate(stage(a, b), facts({ linear: { total: 2, done: 2 } }), { projectId: 'checkout-v2' });
    expect(evaluation).toEqual({
      passed: false,
      results: [
        { criterion: a, met: false, detail: 'specs/checkout-v2/design.md missing' },
        { criterion: b, met: true, detail: 'Linear issues 2/2 done' },
      ],
      missing: [{ criterion: a, detail: 'specs/checkout-v2/design.md missing' }],
    });
  });

  describe('artifact', () => {
    const c: Criterion = { id: 'doc', type: 'artifact', path: './specs/{project}/design.md' };
    it('needs the resolved path on the default branch', () => {
      expect(one(c, facts({ artifacts: ['specs/checkout-v2/design.md'] }))).toEqual({ met: true, detail: 'specs/checkout-v2/design.md present' });
      expect(one(c, facts({ artifacts: ['/specs/checkout-v2/design.md'] })).met).toBe(true);
      expect(one(c, facts({ artifacts: ['specs/other/design.md', 'specs/checkout-v2/Design.md'] })).met).toBe(false);
      expect(resolveArtifactPath('specs/{project}/{project}.md', 'x')).toBe('specs/x/x.md');
    });
  });

  describe('checks', () => {
    const c: Criterion = { id: 'green', type: 'checks', checks: ['ci/test', 'lint', 'docs'] };
    it('needs every named check green (success, neutral or skipped)', () => {
      expect(one(c, facts({ checks: { 'ci/test': 'success', lint: 'neutral', docs: 'skipped' } }))).toEqual({ met: true, detail: '3 checks green' });
      expect(one(c, facts({ checks: { 'ci/test': 'failure', lint: 'success' } }))).toEqual({
        met: false,
        detail: 'ci/test failure, docs not reported',
      });
      expect(one(c, facts({ checks: { 'ci/test': 'pending', lint: 'success', docs: 'success' } })).met).toBe(false);
    });

    it('from tasks: needs tasks.md fully checked and its [VERIFY] checks green', () => {
      const t: Criterion = { id: 'tasks', type: 'checks', fromTasks: true };
      expect(one(t, none)).toEqual({ met: false, detail: 'tasks.md not found' });
      expect(one(t, facts({ tasks: { total: 0, done: 0, verifyChecks: [] } })).detail).toBe('tasks.md lists no tasks');
      expect(one(t, facts({ tasks: { total: 4, done: 3, verifyChecks: ['e2e'] }, checks: { e2e: 'success' } }))).toEqual({
        met: false,
        detail: 'tasks 3/4 done',
      });
      expect(one(t, facts({ tasks: { total: 4, done: 4, verifyChecks: ['e2e', 'ci/test'] }, checks: { e2e: 'success' } }))).toEqual({
        met: false,
        detail: 'ci/test not reported',
      });
      expect(one(t, facts({ tasks: { total: 4, done: 4, verifyChecks: ['e2e'] }, checks: { e2e: 'success' } }))).toEqual({
        met: true,
        detail: 'tasks 4/4 done, 1 check green',
      });
      expect(one({ ...t, checks: ['lint'] }, facts({ tasks: { total: 1, done: 1, verifyChecks: [] } })).detail).toBe('lint not reported');
    });
  });

  describe('approvals', () => {
    it('counts distinct approvers, optionally of at least a role', () => {
      const two: Criterion = { id: 'r', type: 'approvals', count: 2 };
      expect(one(two, facts({ approvals: [{ by: 'bob' }, { by: 'Bob' }] }))).toEqual({ met: false, detail: 'approvals 1/2' });
      expect(one(two, facts({ approvals: [{ by: 'bob' }, { by: 'carol' }] })).met).toBe(true);
      const lead: Criterion = { id: 'r', type: 'approvals', role: 'lead' };
      expect(one(lead, facts({ approvals: [{ by: 'bob', role: 'member' }, { by: 'zed' }] }))).toEqual({
        met: false,
        detail: 'approvals 0/1 by a lead',
      });
      expect(one(lead, facts({ approvals: [{ by: 'dana', role: 'admin' }] })).met).toBe(true);
      expect(one({ id: 'r', type: 'approvals' }, none).detail).toBe('approvals 0/1');
    });
  });

  describe('linearDone', () => {
    it('needs every Linear issue done, and at least one issue', () => {
      const c: Criterion = { id: 'l', type: 'linearDone' };
      expect(one(c, none)).toEqual({ met: false, detail: 'no Linear issues yet' });
      expect(one(c, facts({ linear: { total: 5, done: 3 } }))).toEqual({ met: false, detail: 'Linear issues 3/5 done' });
      expect(one(c, facts({ linear: { total: 5, done: 5 } })).met).toBe(true);
    });
  });

  describe('evidence', () => {
    const c: Criterion = { id: 'demo', type: 'evidence' };
    it('needs non-empty evidence for this criterion, from the role asked for', () => {
      expect(one(c, none)).toEqual({ met: false, detail: 'demo evidence missing' });
      const other = { criterionId: 'release', by: 'alice', value: 'https://x', at: AT };
      expect(one(c, facts({ evidence: [other, { ...other, criterionId: 'demo', value: '  ' }] })).met).toBe(false);
      expect(one(c, facts({ evidence: [{ ...other, criterionId: 'demo' }] }))).toEqual({ met: true, detail: 'demo evidence by alice' });
      const byLead: Criterion = { ...c, role: 'lead' };
      expect(one(byLead, facts({ evidence: [{ ...other, criterionId: 'demo', role: 'member' }] }))).toEqual({
        met: false,
        detail: 'demo evidence from a lead missing',
      });
    });
  });

  describe('signoff', () => {
    it('needs a lead by default, or the role and count asked for', () => {
      const c: Criterion = { id: 'go', type: 'signoff' };
      expect(one(c, facts({ signoffs: [{ by: 'bob', role: 'member', at: AT }] }))).toEqual({ met: false, detail: 'sign-off by a lead 0/1' });
      expect(one(c, facts({ signoffs: [{ by: 'alice', role: 'lead', at: AT }] })).met).toBe(true);
      const admins: Criterion = { id: 'go', type: 'signoff', role: 'admin', count: 2 };
      expect(one(admins, facts({ signoffs: [{ by: 'a', role: 'admin', at: AT }, { by: 'a', role: 'admin', at: AT }] })).detail).toBe(
        'sign-off by an admin 1/2',
      );
      expect(one({ id: 'go', type: 'signoff', role: 'member' }, facts({ signoffs: [{ by: 'b', role: 'lead', at: AT }] })).met).toBe(true);
    });
  });
});
