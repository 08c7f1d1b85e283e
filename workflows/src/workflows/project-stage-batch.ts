import { log } from '@temporalio/workflow';
import type { ProjectStageBatchInput, ProjectStageCommand } from '../shared/batch-messages.js';

/** The workflow's handler of each fact a batch may carry (the same ones its single signals use). */
export type ProjectStageFactHandlers = {
  [K in ProjectStageCommand['type']]: (input: Extract<ProjectStageCommand, { type: K }>['input']) => void;
};

/**
 * Hands each command of a batch to the handler of the signal of the same name, in order,
 * through `once` (which skips an event id applied before). Signals cannot be refused, so an
 * unknown or malformed command is logged and skipped.
 */
export function applyStageBatch(
  batch: ProjectStageBatchInput,
  handlers: ProjectStageFactHandlers,
  once: (command: ProjectStageCommand, apply: () => void) => void = (_command, apply) => apply(),
): void {
  const commands: unknown = (batch as { commands?: unknown } | null)?.commands;
  if (!Array.isArray(commands)) {
    log.warn('dropped a batch without a commands list');
    return;
  }
  for (const command of commands as ProjectStageCommand[]) {
    const type = (command as { type?: unknown } | null)?.type;
    const handler = typeof type === 'string' && Object.hasOwn(handlers, type) ? handlers[type as ProjectStageCommand['type']] : undefined;
    if (handler === undefined) {
      log.warn('dropped an unknown batch command', { type: String(type) });
      continue;
    }
    once(command, () => (handler as (input: unknown) => void)(command.input));
  }
}
