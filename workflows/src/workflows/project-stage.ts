import { allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ClosActivities, LoadedGateFacts } from '../activities/types.js';
import { refreshStatusesSignal } from '../shared/common-messages.js';
import { STATUS_CONTEXTS } from '../shared/ids.js';
import {
  artifactPushedSignal,
  checkCompletedSignal,
  evidenceSubmittedSignal,
  gateModeChangedSignal,
  linearProgressSignal,
  overrideUpdate,
  pullRequestChangedSignal,
  requestAdvanceUpdate,
  resumeUpdate,
  reviewSubmittedSignal,
  signoffSignal,
  stageMergeGroupSignal,
  stageStateQuery,
  tasksUpdatedSignal,
} from '../shared/project-stage-messages.js';
import type { ProjectStageInput } from '../shared/workflow-inputs.js';
import { projectStageBatchSignal } from '../shared/batch-messages.js';
import { applyStageBatch, type ProjectStageFactHandlers } from './project-stage-batch.js';
import { applyOnce } from './command-origin.js';
import { Outbox, syncStatuses } from './effects.js';
import { queueStageEffects } from './project-stage-effects.js';
import { projectStageProjection, projectView } from './projection.js';
import { ProjectStageModel, initialProjectStageData } from './project-stage-model.js';
import type { StageChange } from './project-stage-model.js';
import { overrideValidator, projectSignalChecks as check, validateAdvanceRequest, validateResume } from './project-stage-validation.js';

/** Histories from before a `clos/stage-gate` status was re-posted when the gate moved to another stage. */
export const STAGE_STATUS_KIND_PATCH = 'stage-status-kind';

/** Facts are looked up while a person waits for an answer: fail fast, answer from what is known. */
const lookups = proxyActivities<ClosActivities>({
  startToCloseTimeout: '20 seconds',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 3 },
});

/**
 * One project's way through the stages of its template. Signals feed the gate's facts; the
 * gate auto-advances (across several stages if they pass); a person's advance request is
 * answered with what is missing, and the third refusal in a stage escalates and pauses the
 * gate until a lead resumes it. Overrides need a lead and a reason and are audited. A stage
 * that outlives its time limit raises one alert. Every open PR of the project carries the
 * gate's verdict as `clos/stage-gate`.
 */
export async function projectStage(input: ProjectStageInput): Promise<void> {
  const now = (): string => new Date().toISOString();
  const fresh = input.carried === undefined;
  const data = input.carried ?? initialProjectStageData(input.template, input.initialStageId, now(), workflowInfo().runId, input.mode);
  const model = new ProjectStageModel(
    {
      projectId: input.projectId,
      podId: input.podId,
      template: input.template,
      ...(input.stageTimeLimitDays !== undefined ? { stageTimeLimitDays: input.stageTimeLimitDays } : {}),
    },
    data,
  );
  const outbox = new Outbox(`${workflowInfo().workflowId}:${data.epoch}`, data.seq, data.unsent);
  delete data.unsent;
  const canLoadFacts = (input.repos ?? []).length > 0 || input.linearProject !== undefined;
  let dirty = true;
  let reloadFacts = (fresh || data.reloadFacts === true) && canLoadFacts;
  delete data.reloadFacts;

  const apply = (changes: StageChange[]): void => {
    queueStageEffects(
      outbox,
      {
        projectId: input.projectId,
        podId: input.podId,
        now: now(),
        stageName: (id) => input.template.stages.find((s) => s.id === id)?.name ?? id,
        ...(input.channel !== undefined ? { channel: input.channel } : {}),
      },
      changes,
    );
    dirty = true;
  };
  /** After a fact changed: the gate may now pass. */
  const factsChanged = (changed: boolean): void => {
    if (!changed) return;
    apply(model.advanceWhilePassing(now()));
  };
  const loadFacts = async (): Promise<void> => {
    let loaded: LoadedGateFacts;
    try {
      const tasksPath = model.tasksPath();
      loaded = await lookups.loadGateFacts({
        projectId: input.projectId,
        repos: input.repos ?? [],
        ref: input.defaultBranch ?? 'main',
        paths: model.artifactPaths(),
        ...(tasksPath !== undefined ? { tasksPath } : {}),
        ...(input.linearProject !== undefined ? { linearProject: input.linearProject } : {}),
      });
    } catch (error) {
      log.warn('loading gate facts failed; judging on the facts already known', { error: String(error) });
      return;
    }
    factsChanged(model.applyLoadedFacts(loaded));
  };

  if (fresh) apply([{ kind: 'started', to: data.stageId, at: data.enteredAt }]);

  /** The facts a signal (or a batch of them, from the processor) brings. */
  const onFact: ProjectStageFactHandlers = {
    artifactPushed: (s) => {
      if (!check.artifactPushed(s)) return;
      const { changed, tasksTouched } = model.artifactPushed(s);
      if (tasksTouched && canLoadFacts) reloadFacts = true;
      factsChanged(changed);
    },
    checkCompleted: (s) => {
      if (check.checkCompleted(s)) factsChanged(model.checkCompleted(s));
    },
    reviewSubmitted: (s) => {
      if (check.reviewSubmitted(s)) factsChanged(model.reviewSubmitted(s));
    },
    linearProgress: (s) => {
      if (check.linearProgress(s)) factsChanged(model.linearProgress(s));
    },
    tasksUpdated: (s) => {
      if (check.tasksUpdated(s)) factsChanged(model.tasksUpdated(s));
    },
    pullRequestChanged: (s) => {
      if (check.pullRequestChanged(s) && model.pullRequestChanged(s)) dirty = true;
    },
    stageMergeGroup: (s) => {
      if (check.stageMergeGroup(s) && model.mergeGroup(s)) dirty = true;
    },
    evidenceSubmitted: (s) => {
      if (!check.evidenceSubmitted(s)) return;
      const change = model.evidenceSubmitted(s, now());
      if (change === undefined) return;
      apply([change]);
      factsChanged(true);
    },
    signoff: (s) => {
      if (check.signoff(s)) factsChanged(model.signoff(s, now()));
    },
    gateModeChanged: (s) => {
      if (check.gateModeChanged(s) && model.setMode(s.mode)) dirty = true;
    },
  };
  setHandler(artifactPushedSignal, onFact.artifactPushed);
  setHandler(checkCompletedSignal, onFact.checkCompleted);
  setHandler(reviewSubmittedSignal, onFact.reviewSubmitted);
  setHandler(linearProgressSignal, onFact.linearProgress);
  setHandler(tasksUpdatedSignal, onFact.tasksUpdated);
  setHandler(pullRequestChangedSignal, onFact.pullRequestChanged);
  setHandler(stageMergeGroupSignal, onFact.stageMergeGroup);
  setHandler(evidenceSubmittedSignal, onFact.evidenceSubmitted);
  setHandler(signoffSignal, onFact.signoff);
  setHandler(gateModeChangedSignal, onFact.gateModeChanged);
  setHandler(projectStageBatchSignal, (batch) =>
    applyStageBatch(batch, onFact, (command, apply) => {
      if (applyOnce(data, outbox, command, apply).duplicate) log.info('skipped an event applied before', { eventId: command.eventId });
    }),
  );
  setHandler(refreshStatusesSignal, () => {
    for (const key of Object.keys(data.posted)) delete data.posted[key];
    // The live view is written again too: it may have been lost with its table.
    delete data.projectionHash;
    dirty = true;
  });

  setHandler(
    requestAdvanceUpdate,
    async (request) => {
      const before = data.stageId;
      if (!model.terminal && !data.paused && canLoadFacts) await loadFacts();
      // Fresh facts may have moved the gate already: that is the answer.
      if (data.stageId !== before) return { status: 'advanced', from: before, to: data.stageId };
      const { result, changes } = model.requestAdvance(request, now());
      apply(changes);
      return result;
    },
    { validator: validateAdvanceRequest },
  );
  setHandler(
    overrideUpdate,
    (request) => {
      const { result, changes } = model.override(request, now());
      apply(changes);
      return result;
    },
    { validator: overrideValidator(input.template) },
  );
  setHandler(
    resumeUpdate,
    (request) => {
      const { result, changes } = model.resume(request, now());
      apply(changes);
      return result;
    },
    { validator: validateResume },
  );
  setHandler(stageStateQuery, () => model.view(Date.now()));

  const historyTooLong = (): boolean =>
    workflowInfo().continueAsNewSuggested ||
    (input.maxHistoryLength !== undefined && workflowInfo().historyLength >= input.maxHistoryLength);
  const busy = (): boolean => dirty || outbox.pending || reloadFacts;

  const send = async (): Promise<void> => {
    if (reloadFacts) {
      reloadFacts = false;
      await loadFacts();
    }
    dirty = false;
    // The view goes alongside the record and the statuses, never holding them up.
    await Promise.all([
      (async () => {
        await outbox.flush();
        await syncStatuses(
          STATUS_CONTEXTS.stageGate,
          model.desiredStatuses().map(({ kind, ...s }) => ({
            ...s,
            // Histories from before a new stage was a new verdict replay without the kind.
            ...(patched(STAGE_STATUS_KIND_PATCH) ? { kind } : {}),
            link: { kind: 'stage', projectId: input.projectId },
          })),
          data.posted,
        );
      })(),
      projectView(data, { kind: 'projectStage', projectId: input.projectId, doc: projectStageProjection(model.view(Date.now())) }),
    ]);
  };

  for (;;) {
    const deadline = model.deadline();
    const wake = (): boolean => busy() || historyTooLong();
    if (deadline !== undefined && !data.alerted) {
      await condition(wake, Math.max(deadline - Date.now(), 1));
      const overdue = model.checkOverdue(Date.now());
      if (overdue !== undefined) apply([overdue]);
    } else {
      await condition(wake);
    }
    if (historyTooLong()) break;
    if (busy()) await send();
  }

  // Hand over between two messages: what is not sent yet travels with the state, so a
  // steady stream of inputs cannot keep the run from ever handing over. A fact reload
  // that was due is done by the next run (it starts dirty).
  await condition(allHandlersFinished);
  data.seq = outbox.sequence;
  data.unsent = outbox.handOver();
  if (reloadFacts) data.reloadFacts = true;
  const wanted = new Set(model.desiredStatuses().map((s) => `${s.repo}@${s.sha}`));
  for (const key of Object.keys(data.posted)) if (!wanted.has(key)) delete data.posted[key];
  await continueAsNew<typeof projectStage>({ ...input, carried: data });
}
