import { roleAtLeast, type Role } from '../roles.js';
import type { GateFacts } from './gate-facts.js';
import type { Criterion, StageDef } from './stage-schema.js';

/** The verdict on one criterion. `detail` is short enough for a status line. */
export interface CriterionResult {
  criterion: Criterion;
  met: boolean;
  detail: string;
}

/** The verdict on a stage gate: passed exactly when nothing is missing. */
export interface GateEvaluation {
  passed: boolean;
  /** Every criterion, in the stage's order. */
  results: CriterionResult[];
  /** The unmet ones, in the stage's order. */
  missing: { criterion: Criterion; detail: string }[];
}

/** Check conclusions that let a gate pass, as GitHub treats them for required checks. */
const PASSING_CONCLUSIONS: ReadonlySet<string> = new Set(['success', 'neutral', 'skipped']);

/** Whether a check's conclusion lets a gate pass (`success`, `neutral`, `skipped`). */
export function checkPasses(conclusion: string | undefined): boolean {
  return conclusion !== undefined && PASSING_CONCLUSIONS.has(conclusion);
}

/** Replaces `{project}` in a criterion path and drops a leading `./` or `/`. */
export function resolveArtifactPath(path: string, projectId: string): string {
  return normalisePath(path.replaceAll('{project}', projectId));
}

function normalisePath(path: string): string {
  return path.trim().replace(/^(\.\/|\/)+/, '');
}

function distinctBy(list: readonly { by: string; role?: Role }[], role: Role | undefined): number {
  return new Set(list.filter((x) => role === undefined || roleAtLeast(x.role, role)).map((x) => x.by.toLowerCase())).size;
}

const article = (role: Role) => (role === 'admin' ? 'an admin' : `a ${role}`);

function evaluate(criterion: Criterion, facts: GateFacts, projectId: string): { met: boolean; detail: string } {
  switch (criterion.type) {
    case 'artifact': {
      const path = resolveArtifactPath(criterion.path ?? '', projectId);
      const met = facts.artifacts.some((a) => normalisePath(a) === path);
      return { met, detail: met ? `${path} present` : `${path} missing` };
    }
    case 'checks': {
      const problems: string[] = [];
      const names = [...(criterion.checks ?? [])];
      let tasksNote = '';
      if (criterion.fromTasks === true) {
        const tasks = facts.tasks;
        if (tasks === undefined) problems.push('tasks.md not found');
        else if (tasks.total === 0) problems.push('tasks.md lists no tasks');
        else {
          if (tasks.done < tasks.total) problems.push(`tasks ${tasks.done}/${tasks.total} done`);
          else tasksNote = `tasks ${tasks.done}/${tasks.total} done`;
          for (const name of tasks.verifyChecks) if (!names.includes(name)) names.push(name);
        }
      }
      for (const name of names) {
        const conclusion = facts.checks[name];
        if (conclusion === undefined) problems.push(`${name} not reported`);
        else if (!PASSING_CONCLUSIONS.has(conclusion)) problems.push(`${name} ${conclusion}`);
      }
      if (problems.length > 0) return { met: false, detail: problems.join(', ') };
      const green = names.length === 0 ? '' : `${names.length} check${names.length === 1 ? '' : 's'} green`;
      return { met: true, detail: [tasksNote, green].filter((s) => s !== '').join(', ') };
    }
    case 'approvals': {
      const needed = criterion.count ?? 1;
      const have = distinctBy(facts.approvals, criterion.role);
      const by = criterion.role === undefined ? '' : ` by ${article(criterion.role)}`;
      return { met: have >= needed, detail: `approvals ${Math.min(have, needed)}/${needed}${by}` };
    }
    case 'linearDone': {
      const { total, done } = facts.linear;
      if (total === 0) return { met: false, detail: 'no Linear issues yet' };
      return { met: done >= total, detail: `Linear issues ${Math.min(done, total)}/${total} done` };
    }
    case 'evidence': {
      const needed = criterion.count ?? 1;
      const given = facts.evidence.filter(
        (e) => e.criterionId === criterion.id && e.value.trim() !== '' && (criterion.role === undefined || roleAtLeast(e.role, criterion.role)),
      );
      const from = criterion.role === undefined ? '' : ` from ${article(criterion.role)}`;
      if (given.length >= needed) return { met: true, detail: `${criterion.id} evidence by ${given.map((e) => e.by).join(', ')}` };
      return { met: false, detail: `${criterion.id} evidence${from} missing` };
    }
    case 'signoff': {
      const role = criterion.role ?? 'lead';
      const needed = criterion.count ?? 1;
      const have = distinctBy(facts.signoffs, role);
      return { met: have >= needed, detail: `sign-off by ${article(role)} ${Math.min(have, needed)}/${needed}` };
    }
  }
}

/**
 * Judges a stage's gate on the facts. Pure and total: unknown facts count as unmet, never
 * as an error. Approvals and sign-offs count distinct people whose role is at least the
 * one asked for; a check counts as green when it concluded success, neutral or skipped.
 */
export function evaluateGate(stage: StageDef, facts: GateFacts, ctx: { projectId: string }): GateEvaluation {
  const results = stage.criteria.map((criterion) => ({ criterion, ...evaluate(criterion, facts, ctx.projectId) }));
  const missing = results.filter((r) => !r.met).map(({ criterion, detail }) => ({ criterion, detail }));
  return { passed: missing.length === 0, results, missing };
}
