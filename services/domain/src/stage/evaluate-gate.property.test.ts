import fc from 'fast-check';
import { ROLES } from '../roles.js';
import { evaluateGate } from './evaluate-gate.js';
import { stageVerdict } from './stage-verdict.js';
import type { GateFacts } from './gate-facts.js';
import { CRITERION_TYPES, type Criterion, type StageDef } from './stage-schema.js';

const AT = '2024-05-01T12:00:00Z';
const names = ['ci/test', 'lint', 'e2e'];
const paths = ['specs/{project}/design.md', 'docs/a.md', 'README.md'];
const people = ['alice', 'bob', 'carol'];

const role = fc.option(fc.constantFrom(...ROLES), { nil: undefined });
const criterion: fc.Arbitrary<Criterion> = fc
  .record({
    type: fc.constantFrom(...CRITERION_TYPES),
    path: fc.constantFrom(...paths),
    checks: fc.subarray(names),
    count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    role,
    fromTasks: fc.boolean(),
  })
  .map(({ type, path, checks, count, role: r, fromTasks }) => {
    const base = { id: type.toLowerCase(), type };
    const withRole = r === undefined ? {} : { role: r };
    const withCount = count === undefined ? {} : { count };
    switch (type) {
      case 'artifact':
        return { ...base, path };
      case 'checks':
        return { ...base, checks: checks.length === 0 && !fromTasks ? ['ci/test'] : checks, fromTasks };
      case 'approvals':
      case 'signoff':
        return { ...base, ...withRole, ...withCount };
      case 'evidence':
        return { ...base, ...withRole };
      case 'linearDone':
        return base;
    }
  });

const stage: fc.Arbitrary<StageDef> = fc
  .uniqueArray(criterion, { selector: (c) => c.id, maxLength: 6 })
  .map((criteria) => ({ id: 'build', name: 'Build', criteria }));

const actor = fc.record({ by: fc.constantFrom(...people), role }).map(({ by, role: r }) => (r === undefined ? { by } : { by, role: r }));

const facts: fc.Arbitrary<GateFacts> = fc.record({
  artifacts: fc.subarray(['specs/p/design.md', 'docs/a.md', 'README.md', 'other.md']),
  checks: fc.dictionary(fc.constantFrom(...names), fc.constantFrom('success', 'failure', 'neutral', 'skipped', 'pending')),
  approvals: fc.array(actor, { maxLength: 4 }),
  linear: fc.nat({ max: 5 }).chain((total) => fc.record({ total: fc.constant(total), done: fc.nat({ max: total }) })),
  evidence: fc.array(
    fc.record({ criterionId: fc.constantFrom('evidence', 'other'), actor, value: fc.constantFrom('https://demo', '') }).map(
      ({ criterionId, actor: a, value }) => ({ criterionId, value, at: AT, ...a }),
    ),
    { maxLength: 3 },
  ),
  signoffs: fc.array(actor.map((a) => ({ ...a, at: AT })), { maxLength: 3 }),
  tasks: fc.option(
    fc.nat({ max: 4 }).chain((total) =>
      fc.record({ total: fc.constant(total), done: fc.nat({ max: total }), verifyChecks: fc.subarray(names) }),
    ),
    { nil: undefined },
  ),
}).map((f) => (f.tasks === undefined ? (({ tasks: _t, ...rest }) => rest)(f) : f));

/** More of everything that only ever helps: artifacts, approvals, evidence, sign-offs, finished tasks. */
function grow(f: GateFacts, more: GateFacts): GateFacts {
  return {
    artifacts: [...f.artifacts, ...more.artifacts],
    checks: f.checks,
    approvals: [...f.approvals, ...more.approvals],
    linear: f.linear,
    evidence: [...f.evidence, ...more.evidence],
    signoffs: [...f.signoffs, ...more.signoffs],
    ...(f.tasks !== undefined ? { tasks: f.tasks } : {}),
  };
}

const ctx = { projectId: 'p' };

describe('gate evaluation properties', () => {
  it('passes exactly when nothing is missing, and missing lists the unmet results in order', () => {
    fc.assert(
      fc.property(stage, facts, (s, f) => {
        const evaluation = evaluateGate(s, f, ctx);
        expect(evaluation.passed).toBe(evaluation.missing.length === 0);
        expect(evaluation.results.map((r) => r.criterion)).toEqual(s.criteria);
        expect(evaluation.missing).toEqual(evaluation.results.filter((r) => !r.met).map(({ criterion, detail }) => ({ criterion, detail })));
        for (const r of evaluation.results) expect(r.detail.length).toBeGreaterThan(0);
      }),
    );
  });

  it('is deterministic and ignores the order and duplication of facts', () => {
    fc.assert(
      fc.property(stage, facts, fc.nat(), (s, f, seed) => {
        const rotate = <T>(xs: T[]) => (xs.length === 0 ? xs : [...xs.slice(seed % xs.length), ...xs.slice(0, seed % xs.length)]);
        const shuffled: GateFacts = {
          ...f,
          artifacts: rotate([...f.artifacts, ...f.artifacts]),
          approvals: rotate([...f.approvals, ...f.approvals]),
          evidence: rotate(f.evidence),
          signoffs: rotate([...f.signoffs, ...f.signoffs]),
        };
        const met = (g: GateFacts) => evaluateGate(s, g, ctx).results.map((r) => r.met);
        expect(met(shuffled)).toEqual(met(f));
        expect(evaluateGate(s, f, ctx)).toEqual(evaluateGate(s, f, ctx));
      }),
    );
  });

  it('never loses a met criterion when more artifacts, approvals, evidence or sign-offs arrive', () => {
    fc.assert(
      fc.property(stage, facts, facts, (s, f, more) => {
        const before = evaluateGate(s, f, ctx).results;
        const after = evaluateGate(s, grow(f, more), ctx).results;
        before.forEach((r, i) => {
          if (r.met) expect(after[i]?.met).toBe(true);
        });
      }),
    );
  });

  it('passes every stage once all facts are in', () => {
    fc.assert(
      fc.property(stage, (s) => {
        const everyone = ['alice', 'bob', 'carol'].map((by) => ({ by, role: 'admin' as const }));
        const all: GateFacts = {
          artifacts: paths.map((p) => p.replace('{project}', 'p')),
          checks: Object.fromEntries(names.map((n) => [n, 'success'])),
          approvals: everyone,
          linear: { total: 3, done: 3 },
          evidence: everyone.map((e) => ({ ...e, criterionId: 'evidence', value: 'https://demo', at: AT })),
          signoffs: everyone.map((e) => ({ ...e, at: AT })),
          tasks: { total: 2, done: 2, verifyChecks: names },
        };
        expect(evaluateGate(s, all, ctx).passed).toBe(true);
      }),
    );
  });

  it('gives a status that is red exactly when an enforced gate blocks, within 140 characters', () => {
    fc.assert(
      fc.property(
        stage,
        facts,
        fc.record({ terminal: fc.boolean(), paused: fc.boolean(), mode: fc.constantFrom('observe' as const, 'warn' as const, 'enforce' as const) }),
        (s, f, options) => {
          const evaluation = evaluateGate(s, f, ctx);
          const verdict = stageVerdict(s, evaluation, options);
          const blocks = options.paused || (!evaluation.passed && !options.terminal);
          expect(verdict.state).toBe(blocks && options.mode === 'enforce' ? 'failure' : 'success');
          expect(verdict.description.length).toBeLessThanOrEqual(140);
        },
      ),
    );
  });
});
