/** Input of every standup activity. */
export interface PodRoutineInput {
  podId: string;
}

/** The activities `standupReminder` calls; each answers how many messages it sent. */
export interface StandupActivities {
  /** Direct messages to members who have not answered today's standup (working days only). */
  nudgeMissingStandups(input: PodRoutineInput): Promise<number>;
  /** Direct messages to the pod's leads about blockers open longer than the pod allows. */
  escalateStaleBlockers(input: PodRoutineInput): Promise<number>;
  /** Reminders of demos: the working day before, and the morning of. */
  remindDemos(input: PodRoutineInput): Promise<number>;
}
