import { conflict, evidenceTarget, gateNotMet, notFound, type StageTemplate } from '@clos/domain';
import { projectStageStart } from '@clos/app';
import {
  getStageState,
  overrideStage,
  requestAdvance,
  resumeStage,
  signalProject,
  signoffSignal,
  submitEvidence,
  type StageStateView,
} from '@clos/workflows';
import type { z } from 'zod';
import type { CallContext } from '@clos/app';
import type {
  evidenceAcceptedSchema,
  evidenceBodySchema,
  overrideBodySchema,
  resumeBodySchema,
  stageMoveSchema,
  stageStateSchema,
} from '../schemas/project-schemas.js';
import type { ServiceDependencies } from './service-context.js';
import { withTimeout } from '@clos/app';

type StageStateDto = z.output<typeof stageStateSchema>;
type StageMove = z.output<typeof stageMoveSchema>;

function stageDto(projectId: string, view: StageStateView, template: StageTemplate): StageStateDto {
  return {
    projectId,
    running: true,
    podId: view.podId,
    templateId: view.templateId,
    stages: template.stages.map((s) => s.id),
    stage: view.stage,
    enteredAt: view.enteredAt,
    deadline: view.deadline ?? null,
    overdue: view.overdue,
    paused: view.paused,
    pausedSince: view.pausedSince ?? null,
    failedRequests: view.failedRequests,
    mode: view.mode,
    gate: { passed: view.gate.passed, criteria: view.gate.results },
    verdict: view.verdict,
    evidence: view.facts.evidence.map((e) => ({ criterionId: e.criterionId, by: e.by, role: e.role ?? null, value: e.value, at: e.at })),
    transitions: view.transitions.map((t) => ({
      from: t.from,
      to: t.to,
      kind: t.kind,
      at: t.at,
      actor: t.actor ?? null,
      reason: t.reason ?? null,
    })),
  };
}

function notStarted(projectId: string, podId: string, template: StageTemplate): StageStateDto {
  return {
    projectId,
    running: false,
    podId,
    templateId: template.id,
    stages: template.stages.map((s) => s.id),
    stage: null,
    enteredAt: null,
    deadline: null,
    overdue: false,
    paused: false,
    pausedSince: null,
    failedRequests: 0,
    mode: 'enforce',
    gate: { passed: false, criteria: [] },
    verdict: null,
    evidence: [],
    transitions: [],
  };
}

/** A project's live stage and the moves people make on it, through the project's workflow. */
export function stageService(deps: ServiceDependencies) {
  const startOf = (projectId: string) => {
    const start = projectStageStart(deps.config.current(), projectId);
    if (start === undefined) throw notFound(`No project "${projectId}" in clos.yml`, { projectId });
    return { ...start, ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}) };
  };
  const timed = <T>(projectId: string, work: Promise<T>) =>
    withTimeout(work, deps.workflowTimeoutMs, `project ${projectId}'s stage workflow`);

  return {
    /** Stage, gate criteria, evidence and transitions. */
    async getStage(_ctx: CallContext, input: { projectId: string }): Promise<StageStateDto> {
      const start = startOf(input.projectId);
      const view = await timed(input.projectId, getStageState(deps.temporal, input.projectId));
      return view === undefined ? notStarted(input.projectId, start.podId, start.template) : stageDto(input.projectId, view, start.template);
    },

    /**
     * Asks the gate to let the project into its next stage. A gate with unmet criteria
     * answers GateNotMet listing them (the third failure in a stage escalates and pauses).
     */
    async advanceProject(ctx: CallContext, input: { projectId: string }): Promise<StageMove> {
      const result = await timed(
        input.projectId,
        requestAdvance(deps.temporal, input.projectId, { by: ctx.actor, ...(ctx.role ? { role: ctx.role } : {}) }, startOf(input.projectId)),
      );
      switch (result.status) {
        case 'advanced':
          return { projectId: input.projectId, status: 'advanced', from: result.from, to: result.to };
        case 'blocked':
          throw gateNotMet(
            `Project ${input.projectId} cannot leave stage ${result.stageId}: ${result.missing.map((m) => m.detail).join('; ')}`,
            { stageId: result.stageId, missing: result.missing, failedRequests: result.failedRequests, escalated: result.escalated },
          );
        case 'paused':
          throw conflict(
            `Project ${input.projectId} is paused in stage ${result.stageId} since ${result.pausedSince}: a lead must resume it first`,
            { stageId: result.stageId, pausedSince: result.pausedSince },
          );
        case 'done':
          throw conflict(`Project ${input.projectId} is already in its final stage (${result.stageId})`, { stageId: result.stageId });
      }
    },

    /** Moves the project regardless of its gate: a lead's call, with a reason. */
    async overrideStage(ctx: CallContext, input: { projectId: string } & z.output<typeof overrideBodySchema>): Promise<StageMove> {
      const start = startOf(input.projectId);
      if (input.toStageId !== undefined && !start.template.stages.some((s) => s.id === input.toStageId)) {
        throw notFound(`toStageId: template ${start.template.id} has no stage "${input.toStageId}"`, {
          issues: [{ path: 'body.toStageId', message: `not a stage of template ${start.template.id}` }],
          stages: start.template.stages.map((s) => s.id),
        });
      }
      const result = await timed(
        input.projectId,
        overrideStage(
          deps.temporal,
          input.projectId,
          { by: ctx.actor, role: ctx.role!, reason: input.reason, ...(input.toStageId ? { toStageId: input.toStageId } : {}) },
          start,
        ),
      );
      return { projectId: input.projectId, status: 'advanced', from: result.from, to: result.to };
    },

    /** Un-pauses a gate that escalated. */
    async resumeProject(ctx: CallContext, input: { projectId: string } & z.output<typeof resumeBodySchema>): Promise<StageMove> {
      const result = await timed(
        input.projectId,
        resumeStage(
          deps.temporal,
          input.projectId,
          { by: ctx.actor, role: ctx.role!, ...(input.reason ? { reason: input.reason } : {}) },
          startOf(input.projectId),
        ),
      );
      return { projectId: input.projectId, status: result.status, from: result.stageId, to: result.stageId };
    },

    /**
     * Hands evidence to the project's workflow, for the stage the evidence rule names (the
     * given stage, else the one the project is in): refused unless that stage takes evidence
     * for the criterion.
     */
    async submitEvidence(
      ctx: CallContext,
      input: { projectId: string } & z.output<typeof evidenceBodySchema>,
    ): Promise<z.output<typeof evidenceAcceptedSchema>> {
      const start = startOf(input.projectId);
      const current =
        input.stageId === undefined ? (await timed(input.projectId, getStageState(deps.temporal, input.projectId)))?.stage.id : undefined;
      const stageId = checkEvidenceCriterion(start.template, input.criterionId, input.stageId, current);
      await timed(
        input.projectId,
        submitEvidence(deps.temporal, start, {
          criterionId: input.criterionId,
          by: ctx.actor,
          ...(ctx.role ? { role: ctx.role } : {}),
          value: input.value,
          at: deps.now().toISOString(),
          stageId,
        }),
      );
      return { projectId: input.projectId, criterionId: input.criterionId, status: 'accepted' };
    },

    /** Signs the current (or named) stage off; counts toward sign-off criteria when the caller is a lead. */
    async signoffStage(
      ctx: CallContext,
      input: { projectId: string; stageId?: string | undefined },
    ): Promise<{ projectId: string; status: 'accepted' }> {
      const start = startOf(input.projectId);
      if (input.stageId !== undefined && !start.template.stages.some((s) => s.id === input.stageId)) {
        throw notFound(`stageId: template ${start.template.id} has no stage "${input.stageId}"`, {
          issues: [{ path: 'body.stageId', message: `not a stage of template ${start.template.id}` }],
        });
      }
      await timed(
        input.projectId,
        signalProject(deps.temporal, start, signoffSignal, {
          by: ctx.actor,
          ...(ctx.role ? { role: ctx.role } : {}),
          at: deps.now().toISOString(),
          ...(input.stageId ? { stageId: input.stageId } : {}),
        }),
      );
      return { projectId: input.projectId, status: 'accepted' };
    },
  };
}

/**
 * Applies the domain's evidence rule: answers the stage the evidence counts for, or refuses
 * with 404 like any other id that names nothing (the body itself is well-formed), listing the
 * criteria that stage takes evidence for.
 */
function checkEvidenceCriterion(template: StageTemplate, criterionId: string, stageId: string | undefined, currentStageId: string | undefined): string {
  const target = evidenceTarget(template, { criterionId, stageId, currentStageId });
  if (target.ok) return target.stage.id;
  if (target.reason === 'unknown-stage') {
    throw notFound(`stageId: template ${template.id} has no stage "${target.stageId}"`, {
      issues: [{ path: 'body.stageId', message: `not a stage of template ${template.id}` }],
    });
  }
  throw notFound(`criterionId: "${criterionId}" is not an evidence criterion of stage ${target.stage.id} of template ${template.id}`, {
    issues: [{ path: 'body.criterionId', message: `expected one of ${target.accepted.join(', ') || '(none)'}` }],
    criteria: target.accepted,
    stageId: target.stage.id,
    stageName: target.stage.name,
  });
}
