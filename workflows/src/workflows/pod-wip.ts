import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PodWipCarried } from '../shared/workflow-inputs.js';
import type { PodWipInput } from '../shared/workflow-inputs.js';
import { podWipBatchUpdate } from '../shared/batch-messages.js';
import type { PodWipCommand, PodWipCommandResult } from '../shared/batch-messages.js';
import {
  acquireUpdate,
  draftChangedSignal,
  headShaChangedSignal,
  mergeGroupRequestedSignal,
  releaseUpdate,
  setPolicyUpdate,
  wipStateQuery,
} from '../shared/pod-wip-messages.js';
import type { AcquireResult, ReleaseResult, SetPolicyResult } from '../shared/pod-wip-messages.js';
import { refreshStatusesSignal } from '../shared/common-messages.js';
import { applyPodWipCommand, runPodWipBatch, validatePodWipBatch } from './pod-wip-batch.js';
import { STATUS_CONTEXTS } from '../shared/ids.js';
import { Outbox, syncStatuses } from './effects.js';
import { queueWipEffects } from './pod-wip-effects.js';
import { podWipProjection, projectView } from './projection.js';
import { PodWipModel, initialPodWipData } from './pod-wip-model.js';
import type { WipChange } from './pod-wip-model.js';
import {
  acceptSignal,
  validateAcquire,
  validateDraftChanged,
  validateHeadSha,
  validateMergeGroup,
  validateRelease,
  validateSetPolicy,
} from './pod-wip-validation.js';

/**
 * One pod's WIP limit, enforced: holders, a FIFO queue, per-person limits and the expedite
 * lane, all decided by the domain's admission rules. Handlers change the state
 * synchronously (no await between reading and writing it), so concurrent, duplicated or
 * reordered inputs never push the pod over its limit; the main loop then sends what
 * changed — records, notifications, Linear comments — and brings every affected PR's
 * `clos/wip` status in line.
 */
/** Marks runs that post statuses alongside the record instead of after it. */
const STATUSES_WITH_RECORD_PATCH = 'pod-wip-statuses-with-record';

export async function podWip(input: PodWipInput): Promise<void> {
  const data = input.carried ?? startingData(input);
  const model = new PodWipModel(input.podId, data);
  const outbox = new Outbox(`${workflowInfo().workflowId}:${data.epoch}`, data.seq, data.unsent);
  delete data.unsent;
  // A fresh run (or a carried one) re-checks its statuses once.
  let dirty = true;

  const now = (): string => new Date().toISOString();
  const apply = (changes: WipChange[]): void => {
    queueWipEffects(
      outbox,
      {
        podId: input.podId,
        mode: model.policy.mode,
        limit: model.policy.limit,
        now: now(),
        stateOf: (id) => model.stateOf(id),
        ...(input.channel !== undefined ? { channel: input.channel } : {}),
      },
      changes,
    );
    if (changes.length > 0) dirty = true;
  };

  const ctx = {
    model,
    now,
    apply,
    markDirty: () => {
      dirty = true;
    },
    memory: data,
    outbox,
  };
  const run = (command: PodWipCommand): PodWipCommandResult => applyPodWipCommand(command, ctx);

  setHandler(acquireUpdate, (input) => run({ type: 'acquire', input }) as AcquireResult, { validator: validateAcquire });
  setHandler(releaseUpdate, (input) => run({ type: 'release', input }) as ReleaseResult, { validator: validateRelease });
  setHandler(setPolicyUpdate, (input) => run({ type: 'setPolicy', input }) as SetPolicyResult, { validator: validateSetPolicy });
  setHandler(headShaChangedSignal, (input) => {
    if (acceptSignal('headShaChanged', () => validateHeadSha(input))) run({ type: 'headShaChanged', input });
  });
  setHandler(draftChangedSignal, (input) => {
    if (acceptSignal('draftChanged', () => validateDraftChanged(input))) run({ type: 'draftChanged', input });
  });
  setHandler(mergeGroupRequestedSignal, (input) => {
    if (acceptSignal('mergeGroupRequested', () => validateMergeGroup(input))) run({ type: 'mergeGroupRequested', input });
  });
  setHandler(podWipBatchUpdate, (batch) => runPodWipBatch(batch, ctx), { validator: validatePodWipBatch });
  setHandler(refreshStatusesSignal, () => {
    for (const key of Object.keys(data.posted)) delete data.posted[key];
    // The live view is written again too: it may have been lost with its table.
    delete data.projectionHash;
    dirty = true;
  });
  setHandler(wipStateQuery, () => model.view());

  const historyTooLong = (): boolean =>
    workflowInfo().continueAsNewSuggested ||
    (input.maxHistoryLength !== undefined && workflowInfo().historyLength >= input.maxHistoryLength);

  const send = async (): Promise<void> => {
    dirty = false;
    const statuses = (): Promise<void> =>
      syncStatuses(
        STATUS_CONTEXTS.wip,
        model.desiredStatuses().map((s) => ({ ...s, link: { kind: 'wip', podId: input.podId, itemId: s.itemId } })),
        data.posted,
      );
    // The record, the statuses and the view go out together: a status never waits for the
    // record (they are independent writes; each is idempotent). Runs from before this change
    // replay the old order, record first.
    const together = patched(STATUSES_WITH_RECORD_PATCH);
    await Promise.all([
      together ? Promise.all([outbox.flush(), statuses()]) : outbox.flush().then(statuses),
      projectView(data, { kind: 'podWip', podId: input.podId, doc: podWipProjection(model.view()) }),
    ]);
  };

  for (;;) {
    await condition(() => dirty || outbox.pending || historyTooLong());
    if (historyTooLong()) break;
    await send();
  }

  // Hand over between two messages: what is not sent yet travels with the state, so a
  // steady stream of inputs cannot keep the run from ever handing over.
  await condition(allHandlersFinished);
  data.seq = outbox.sequence;
  data.unsent = outbox.handOver();
  await continueAsNew<typeof podWip>({ ...input, policy: model.policy, carried: model.compact() });
}

function startingData(input: PodWipInput): PodWipCarried {
  try {
    return initialPodWipData(input.policy, workflowInfo().runId);
  } catch (error) {
    // A policy the domain refuses cannot be fixed by retrying the task: fail the run.
    throw ApplicationFailure.create({ type: 'InvalidInput', message: `pod ${input.podId}: ${String(error)}`, nonRetryable: true });
  }
}
