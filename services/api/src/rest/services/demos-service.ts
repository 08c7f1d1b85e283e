import type { CallContext } from '@clos/app';
import { invalidInput, notFound, podById, projectById, resolveTemplate, type StageTemplate } from '@clos/domain';
import { createPgDemoStore, type DemoRecord } from '@clos/platform';
import { FRIDAY, isDay, localDay, nextWeekday } from '@clos/slack';
import { getStageState } from '@clos/workflows/client';
import { withTimeout } from '@clos/app';
import { actingPerson } from './acting-person.js';
import type { ServiceDependencies } from './service-context.js';
import { stageService } from './stage-service.js';

/** The criterion a held demo is evidence for: an evidence criterion named or described as a demo, the given stage's first. */
export function demoCriterion(template: StageTemplate, preferStageId: string | undefined): { stageId: string; criterionId: string } | undefined {
  const isDemo = (c: { id: string; type: string; description?: string }) =>
    c.type === 'evidence' && (/demo/i.test(c.id) || /demo/i.test(c.description ?? ''));
  const ordered = [...template.stages].sort((a, b) => (a.id === preferStageId ? -1 : b.id === preferStageId ? 1 : 0));
  for (const stage of ordered) {
    const criterion = stage.criteria.find(isDemo);
    if (criterion !== undefined) return { stageId: stage.id, criterionId: criterion.id };
  }
  return undefined;
}

/** What marking a demo held did: `changed: false` when it was held already; the gate criterion it counted for, if any. */
export interface DemoHeld {
  demo: DemoRecord;
  changed: boolean;
  evidence: { stageId: string; stageName: string; criterionId: string } | null;
}

/** Demos of projects: scheduling one, and marking it held, which the project's gate counts as evidence. */
export function demosService(deps: ServiceDependencies) {
  const demos = createPgDemoStore(deps.pool);
  const stages = stageService(deps);

  /** Hands a held demo to the gate as evidence under the evidence rule, when the project's template asks for a demo. */
  const recordEvidence = async (ctx: CallContext, demo: DemoRecord): Promise<DemoHeld['evidence']> => {
    const cfg = deps.config.current();
    const project = projectById(cfg, demo.projectId);
    const template = project !== undefined ? resolveTemplate(cfg, project.template) : undefined;
    if (project === undefined || template === undefined) return null;
    const live = await withTimeout(getStageState(deps.temporal, project.id), deps.workflowTimeoutMs, `project ${project.id}'s stage workflow`).catch(() => undefined);
    const target = demoCriterion(template, live?.stage.id);
    if (target === undefined) return null;
    await stages.submitEvidence(ctx, {
      projectId: project.id,
      criterionId: target.criterionId,
      stageId: target.stageId,
      value: `Demo #${demo.id} held on ${demo.day} (${podById(cfg, demo.podId)?.name ?? demo.podId})`,
    });
    await demos.markEvidenceSubmitted(demo.id);
    return { ...target, stageName: template.stages.find((s) => s.id === target.stageId)?.name ?? target.stageId };
  };

  return {
    /** Schedules a demo of a project, on the next Friday (the organisation's calendar) unless a day is named. */
    async scheduleDemo(ctx: CallContext, input: { projectId: string; day?: string; requestKey?: string }): Promise<{ demo: DemoRecord; created: boolean }> {
      const cfg = deps.config.current();
      const project = projectById(cfg, input.projectId);
      if (project === undefined) throw notFound(`No project "${input.projectId}" in clos.yml`, { projectId: input.projectId });
      const today = localDay(deps.now(), cfg.timezone);
      const day = input.day ?? nextWeekday(today, FRIDAY);
      if (!isDay(day)) throw invalidInput(`"${day}" is not a day; write it as YYYY-MM-DD.`, { day });
      if (day < today) throw invalidInput(`${day} has passed; pick today or a later day.`, { day, today });
      return demos.schedule({
        projectId: project.id,
        podId: project.pod,
        day,
        scheduledBy: (await actingPerson(deps, ctx)) ?? ctx.actor,
        ...(input.requestKey !== undefined ? { requestKey: input.requestKey } : {}),
      });
    },

    /**
     * Marks a demo held and hands it to the project's gate as evidence for the template's demo
     * criterion (the stage the project is in first). Marking it again changes nothing, except
     * handing over evidence that did not reach the gate the first time.
     */
    async markDemoHeld(ctx: CallContext, input: { podId: string; demoId: number }): Promise<DemoHeld> {
      const demo = await demos.get(input.demoId);
      if (demo?.podId !== input.podId) throw notFound(`There is no demo #${input.demoId} in pod ${input.podId}.`, input);
      const marked = await demos.markHeld(demo.id, (await actingPerson(deps, ctx)) ?? ctx.actor);
      if (marked === undefined) throw notFound(`There is no demo #${demo.id}.`, input);
      if (!marked.changed && marked.demo.evidenceSubmittedAt !== undefined) return { demo: marked.demo, changed: false, evidence: null };
      return { demo: marked.demo, changed: marked.changed, evidence: await recordEvidence(ctx, marked.demo) };
    },
  };
}
