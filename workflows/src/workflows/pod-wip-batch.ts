import type { PodWipBatchInput, PodWipCommand, PodWipCommandResult } from '../shared/batch-messages.js';
import { applyOnce, type AppliedEventsMemory } from './command-origin.js';
import type { Outbox } from './effects.js';
import type { PodWipModel, WipChange } from './pod-wip-model.js';
import { validateCommand } from './pod-wip-validation.js';
import { refuse, requireArray, requireObject } from './validate.js';

/** What applying a command needs from the running workflow. */
export interface PodWipCommandContext {
  model: PodWipModel;
  now: () => string;
  apply: (changes: WipChange[]) => void;
  /** Something changed that only the statuses show (a merge group). */
  markDirty: () => void;
  /** Where applied event ids are remembered (the carried state). */
  memory: AppliedEventsMemory;
  outbox: Outbox;
}

/** Most commands one batch may carry; the processor sends far fewer. */
export const MAX_BATCH_COMMANDS = 500;

/** Rejects a batch that is not a list of commands before it enters history. */
export function validatePodWipBatch(batch: PodWipBatchInput): void {
  const r = requireObject(batch, 'applyBatch');
  requireArray(r.commands, 'applyBatch.commands', (c, p) => void requireObject(c, p));
  if ((r.commands as unknown[]).length > MAX_BATCH_COMMANDS) {
    throw refuse('InvalidInput', `applyBatch.commands must hold at most ${MAX_BATCH_COMMANDS} commands`);
  }
}

/**
 * Applies one (already validated) command. Every pod message — each update, each signal
 * and each command of a batch — goes through here, synchronously, so they are equally safe
 * under concurrency.
 */
export function applyPodWipCommand(command: PodWipCommand, ctx: PodWipCommandContext): PodWipCommandResult {
  const { model, now, apply } = ctx;
  switch (command.type) {
    case 'acquire': {
      const { result, changes } = model.acquire(command.input, now());
      apply(changes);
      return result;
    }
    case 'release': {
      const { result, changes } = model.release(command.input, now());
      apply(changes);
      return result;
    }
    case 'setPolicy': {
      const { result, changes } = model.setPolicy(command.input, now());
      apply(changes);
      return result;
    }
    case 'headShaChanged':
      apply(model.headShaChanged(command.input));
      return { status: 'applied' };
    case 'draftChanged':
      apply(model.draftChanged(command.input, now()));
      return { status: 'applied' };
    case 'mergeGroupRequested':
      if (model.mergeGroup(command.input)) ctx.markDirty();
      return { status: 'applied' };
  }
}

/**
 * Applies each command as its single message would, in order. A malformed command is
 * answered `invalid` without stopping the others: one bad event must not hold back the
 * rest of its burst. A command whose event id was applied before is answered `duplicate`.
 */
export function runPodWipBatch(batch: PodWipBatchInput, ctx: PodWipCommandContext): PodWipCommandResult[] {
  return batch.commands.map((command) => {
    try {
      validateCommand(command);
    } catch (error) {
      return { status: 'invalid', message: error instanceof Error ? error.message : String(error) };
    }
    const outcome = applyOnce(ctx.memory, ctx.outbox, command, () => applyPodWipCommand(command, ctx));
    return outcome.duplicate ? { status: 'duplicate', eventId: outcome.eventId } : outcome.result;
  });
}
