import { port } from './errors.js';
import type { ActivityLogger, LinearPort, Notifier, RecordStore } from './ports.js';
import type { LinearCommentInput, NotifyInput } from './types.js';

/** Sends a notification through the notifier port; the key lets an adapter drop a resend. */
export function notifyActivity(deps: { notifier: Notifier }): (input: NotifyInput) => Promise<void> {
  return async (input) => {
    await port('notify', () => deps.notifier.notify(input));
  };
}

/**
 * Comments on a Linear issue once per key. Linear has no idempotency key for comments, so
 * the comment's key is checked against the event log before sending and logged right after:
 * a retry after a lost answer finds it there and sends nothing.
 */
export function linearCommentActivity(deps: {
  linear: LinearPort;
  store: RecordStore;
  logger: ActivityLogger;
  clock: () => Date;
}): (input: LinearCommentInput) => Promise<{ created: boolean }> {
  return async (input) => {
    const key = `linear-comment:${input.key}`;
    if (await deps.store.hasEvent(key)) return { created: false };
    const comment = await port('Linear createComment', () => deps.linear.createComment(input.identifier, input.body));
    await deps.store.appendEvent({
      key,
      type: 'linear.comment_created',
      occurredAt: deps.clock().toISOString(),
      subject: { workItemId: `lin:${input.identifier}` },
      payload: { identifier: input.identifier, commentId: comment.id },
    });
    deps.logger.info({ identifier: input.identifier, commentId: comment.id }, 'Linear comment created');
    return { created: true };
  };
}
