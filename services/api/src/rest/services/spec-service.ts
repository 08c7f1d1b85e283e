import { checkPasses, notFound, resolveArtifactPath, type GateFacts, type StageTemplate } from '@clos/domain';
import { projectStageStart, withTimeout, type CallContext } from '@clos/app';
import { ESCALATE_AFTER_FAILED_REQUESTS, getStageState } from '@clos/workflows';
import type { z } from 'zod';
import type { specStateSchema } from '../schemas/spec-schemas.js';
import { explainLinks } from './explain-links.js';
import type { ServiceDependencies } from './service-context.js';

type SpecState = z.output<typeof specStateSchema>;

/** A template is spec-driven when one of its gates counts tasks.md. */
function tracksTasks(template: StageTemplate): boolean {
  return template.stages.some((s) => s.criteria.some((c) => c.fromTasks === true));
}

/** The documents a spec-driven template asks for: its artifact criteria, by phase. */
function documentsOf(template: StageTemplate, projectId: string, artifacts: readonly string[]): SpecState['documents'] {
  return template.stages.flatMap((stage) =>
    stage.criteria
      .filter((c) => c.type === 'artifact' && c.path !== undefined)
      .map((c) => {
        const path = resolveArtifactPath(c.path ?? '', projectId);
        const name = (path.split('/').pop() ?? path).replace(/\.md$/i, '');
        return { name, phase: stage.id, criterionId: c.id, path, present: artifacts.includes(path) };
      }),
  );
}

/** tasks.md progress and each `[VERIFY]` task's checks, as the gate judges them. */
function tasksOf(path: string, facts: GateFacts | undefined): SpecState['tasks'] {
  const tasks = facts?.tasks;
  const checks = facts?.checks ?? {};
  return {
    path,
    found: tasks !== undefined,
    total: tasks?.total ?? 0,
    done: tasks?.done ?? 0,
    verify: (tasks?.verifyTasks ?? []).map((task) => {
      const states = task.checks.map((name) => ({ name, conclusion: checks[name] ?? null, green: checkPasses(checks[name]) }));
      return { text: task.text, done: task.done, checks: states, green: states.every((c) => c.green) };
    }),
  };
}

/** The state of a spec-driven project, the state file of a spec-driven run. */
export function specService(deps: ServiceDependencies) {
  const links = explainLinks(deps.publicUrl);
  return {
    /**
     * Phase, each document's presence, tasks.md progress with each `[VERIFY]` task's checks,
     * refused advance attempts and escalation. NotFound for a project whose template tracks no
     * tasks.md (it has no spec).
     */
    async getSpec(_ctx: CallContext, input: { projectId: string }): Promise<SpecState> {
      const start = projectStageStart(deps.config.current(), input.projectId);
      if (start === undefined) throw notFound(`No project "${input.projectId}" in clos.yml`, { projectId: input.projectId });
      const { template } = start;
      if (!tracksTasks(template)) {
        throw notFound(`Project ${input.projectId} follows template ${template.id}, which is not spec-driven (no stage counts tasks.md); use /stage`, {
          projectId: input.projectId,
          templateId: template.id,
        });
      }
      const view = await withTimeout(getStageState(deps.temporal, input.projectId), deps.workflowTimeoutMs, `project ${input.projectId}'s stage workflow`);
      const documents = documentsOf(template, input.projectId, view?.facts.artifacts ?? []);
      const tasksPath = documents.find((d) => d.path.endsWith('/tasks.md'))?.path ?? `specs/${input.projectId}/tasks.md`;
      return {
        projectId: input.projectId,
        podId: start.podId,
        templateId: template.id,
        running: view !== undefined,
        phase: view?.stage.id ?? null,
        phases: template.stages.map((s) => s.id),
        documents,
        tasks: tasksOf(tasksPath, view?.facts),
        gate: {
          passed: view?.gate.passed ?? false,
          criteria: (view?.gate.results ?? []).map((r) => ({ criterionId: r.criterionId, met: r.met, detail: r.detail })),
        },
        attempts: { failedRequests: view?.failedRequests ?? 0, escalateAfter: ESCALATE_AFTER_FAILED_REQUESTS },
        // Only an escalation pauses a gate; a lead's resume ends both.
        escalation: { escalated: view?.paused ?? false, since: view?.pausedSince ?? null },
        explainUrl: links.stage(input.projectId),
      };
    },
  };
}
