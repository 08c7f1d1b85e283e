import type { Role } from '../roles.js';
import type { TasksProgress } from './tasks-markdown.js';

/** What is known about a project when its gate is judged; gathered by the project's workflow. */
export interface GateFacts {
  /** Paths present on the default branch (of the project's repositories). */
  artifacts: string[];
  /** Latest conclusion per check name (`success`, `failure`, …). */
  checks: Record<string, string>;
  /** Approving reviews given in this stage. */
  approvals: { by: string; role?: Role }[];
  /** The project's Linear issues. */
  linear: { total: number; done: number };
  /** Evidence submitted in this stage. */
  evidence: { criterionId: string; by: string; role?: Role; value: string; at: string }[];
  /** Sign-offs given in this stage. */
  signoffs: { by: string; role?: Role; at: string }[];
  /** tasks.md progress, when the project has one. */
  tasks?: TasksProgress;
}
