import type { ActivityLogger, Notifier } from './ports.js';
import type { Notification } from './types.js';

/** A notifier that writes each message to the log; the adapter until Slack is configured. */
export function createLoggingNotifier(logger: ActivityLogger): Notifier {
  return {
    notify(notification: Notification): Promise<void> {
      logger.info({ notification }, `notification ${notification.kind} for pod ${notification.podId}`);
      return Promise.resolve();
    },
  };
}
