import { log, proxyActivities } from '@temporalio/workflow';
import type { StandupActivities } from '../activities/standup-types.js';
import type { StandupReminderInput, StandupReminderResult } from '../shared/standup-messages.js';

const routine = proxyActivities<StandupActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Runs a step; a failure is logged and counted as -1 so the other steps still run. */
async function step(name: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    log.warn('standup reminder step failed', { step: name, error: String(error) });
    return -1;
  }
}

/**
 * One morning of a pod, started by its standup reminder schedule: nudge who has not
 * answered the standup, escalate stale blockers to the leads, remind of demos. Every
 * message carries a key of the pod, day and person, so a rerun sends nothing twice.
 */
export async function standupReminder(input: StandupReminderInput): Promise<StandupReminderResult> {
  const nudged = await step('nudge', () => routine.nudgeMissingStandups({ podId: input.podId }));
  const escalated = await step('escalate', () => routine.escalateStaleBlockers({ podId: input.podId }));
  const demoReminders = await step('demos', () => routine.remindDemos({ podId: input.podId }));
  return { nudged, escalated, demoReminders };
}
