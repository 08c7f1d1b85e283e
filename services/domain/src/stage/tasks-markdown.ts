/** Progress of a spec's tasks.md. */
export interface TasksProgress {
  /** Checkbox tasks. */
  total: number;
  /** Checked ones. */
  done: number;
  /** Check names named by `[VERIFY]` tasks, in order of first mention, once each. */
  verifyChecks: string[];
  /**
   * The `[VERIFY]` tasks themselves, in file order: each task's text, whether it is checked,
   * and the checks it names. Always set by {@link parseTasksMarkdown}.
   */
  verifyTasks?: VerifyTask[];
}

/** A tasks.md task tagged `[VERIFY]`: its check(s) must be green before execution is done. */
export interface VerifyTask {
  /** The task's text as written, tags included. */
  text: string;
  /** Its checkbox is checked. */
  done: boolean;
  /** Check names it names, once each (empty when the tag names none). */
  checks: string[];
}

const FENCE = /^\s*(```|~~~)/;
const TASK = /^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\](?:\s+(.*))?$/;
const VERIFY = /\[VERIFY\]\s*(?:`([^`]+)`|([^\s`]+))?/gi;

/**
 * Reads checkbox tasks from a tasks.md: `- [ ] task`, `* [x] task`, `1. [X] task`, nested
 * or not. A task tagged `[VERIFY] ci/test` (or ``[VERIFY] `CI / test` `` for names with
 * spaces) names a check that must be green before execution is done, checked or not.
 * Lines inside code fences are examples, not tasks.
 */
export function parseTasksMarkdown(md: string): TasksProgress {
  let total = 0;
  let done = 0;
  const verifyChecks: string[] = [];
  const verifyTasks: VerifyTask[] = [];
  let fence: string | undefined;
  for (const line of md.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1] as string;
      if (fence === undefined) fence = marker;
      else if (fence === marker) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const task = TASK.exec(line);
    if (task === null) continue;
    total++;
    if (task[1] !== ' ') done++;
    const text = (task[2] ?? '').trim();
    const checks: string[] = [];
    let tagged = false;
    for (const match of text.matchAll(VERIFY)) {
      tagged = true;
      const name = (match[1] ?? match[2]?.replace(/[.,;:)]+$/, '') ?? '').trim();
      if (name !== '' && !checks.includes(name)) checks.push(name);
      if (name !== '' && !verifyChecks.includes(name)) verifyChecks.push(name);
    }
    if (tagged) verifyTasks.push({ text, done: task[1] !== ' ', checks });
  }
  return { total, done, verifyChecks, verifyTasks };
}
