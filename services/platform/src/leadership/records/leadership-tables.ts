/**
 * The leadership tables, each with the columns that hold encrypted free text: what the
 * records modules encrypt, and what export, backup and restore turn back into plain text.
 * Order matters for restore: a table comes after the tables it references (a paralysis
 * episode may name a decision).
 */
export const LEADERSHIP_TABLES = {
  leadership_checkins: ['mission_enc', 'reflection_enc'],
  leadership_decisions: ['text_enc', 'rationale_enc'],
  leadership_paralysis: ['decision_enc', 'fear_enc'],
  leadership_delegations: ['task_enc'],
  leadership_projects: ['name_enc', 'criteria_enc', 'killed_reason_enc'],
  leadership_breaker_events: ['reason_enc'],
  leadership_reviews: ['focus_enc', 'secondary_enc', 'notes_enc'],
} as const satisfies Record<string, readonly string[]>;

/** A leadership table's name. */
export type LeadershipTable = keyof typeof LEADERSHIP_TABLES;

/** Every leadership table, in restore order. */
export const LEADERSHIP_TABLE_NAMES = Object.keys(LEADERSHIP_TABLES) as LeadershipTable[];

/**
 * The additional authenticated data of one encrypted field: the ciphertext only opens in
 * the column and for the person it was written for.
 */
export function fieldContext(table: LeadershipTable, column: string, personId: string): string {
  return `${table}.${column}:${personId}`;
}
