import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandContext, withJson } from './command-context.js';

/** GET /api/projects/{id}/spec, as much of it as the rendering reads. */
interface SpecState {
  projectId: string;
  templateId: string;
  running: boolean;
  phase: string | null;
  phases: string[];
  documents: { name: string; phase: string; path: string; present: boolean }[];
  tasks: {
    path: string;
    found: boolean;
    total: number;
    done: number;
    verify: { text: string; done: boolean; green: boolean; checks: { name: string; conclusion: string | null; green: boolean }[] }[];
  };
  gate: { passed: boolean; criteria: { criterionId: string; met: boolean; detail: string }[] };
  attempts: { failedRequests: number; escalateAfter: number };
  escalation: { escalated: boolean; since: string | null };
  explainUrl: string;
}

const mark = (yes: boolean) => (yes ? '✓' : '✗');

/** The human rendering of a spec's state: phase, documents, tasks, [VERIFY] checks, attempts. */
export function renderSpecState(spec: SpecState): string {
  const lines = [
    `Project ${spec.projectId} (template ${spec.templateId}): phase ${spec.phase ?? 'not started'} of ${spec.phases.join(' → ')}`,
    'Documents:',
    ...spec.documents.map((d) => `  ${mark(d.present)} ${d.name.padEnd(14)} ${d.path}`),
    `Tasks: ${spec.tasks.found ? `${spec.tasks.done}/${spec.tasks.total} done` : `${spec.tasks.path} not found`}`,
    ...spec.tasks.verify.map((task) => {
      const checks = task.checks.map((c) => `${c.name}: ${c.conclusion ?? 'not reported'}`).join(', ');
      return `  ${mark(task.done && task.green)} [VERIFY] ${task.text}${checks !== '' ? ` (${checks})` : ''}`;
    }),
    `Gate: ${spec.gate.passed ? 'passed' : `missing ${spec.gate.criteria.filter((c) => !c.met).map((c) => `${c.criterionId} (${c.detail})`).join('; ') || 'nothing known yet'}`}`,
    `Attempts: ${spec.attempts.failedRequests} refused of ${spec.attempts.escalateAfter} before escalation` +
      (spec.escalation.escalated ? `; escalated and paused since ${spec.escalation.since ?? '?'}: a lead must resume it` : ''),
    `Why: ${spec.explainUrl}`,
  ];
  return lines.join('\n');
}

/** `clos spec status <project> [--json]`: the state file of a spec-driven run, from the api. */
export function registerSpecCommands(program: Command, io: CliIo): void {
  const ctx = commandContext(io);
  const spec = program.command('spec').description('Spec-driven projects: phase, documents, tasks.md progress and [VERIFY] checks');
  withJson(spec.command('status').description("A spec-driven project's state (GET /api/projects/{id}/spec)").argument('<project>', 'the project id')).action(
    async (project: string, o: { json?: boolean }) => {
      const state = await (await ctx.api()).get<SpecState>(`/api/projects/${encodeURIComponent(project)}/spec`);
      ctx.emit(o.json, state, () => renderSpecState(state));
    },
  );
}
