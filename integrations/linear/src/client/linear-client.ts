import type { LinearStateType } from '@clos/domain';

/** An issue of a project, reduced to what gates and WIP need. */
export interface LinearIssueSummary {
  id: string;
  /** e.g. `PAY-44`. */
  identifier: string;
  title: string;
  stateType: LinearStateType;
}

/**
 * The Linear operations CLOS needs. Adapters: {@link createSdkLinearClient} (the Linear
 * GraphQL API through `@linear/sdk`, or a local stand-in via `apiUrl`) and
 * {@link createDryRunLinearClient} (no credentials: logs and records). Failures are
 * `ClosError`s (`RateLimited` with `details.retryAfterSeconds`, `Unauthorized`, `Forbidden`,
 * `InvalidInput`, `Unavailable`).
 */
export interface LinearClient {
  /** Comments on an issue, by its id or identifier (`PAY-44`). */
  createComment(issueId: string, body: string): Promise<{ id: string }>;
  /** Every (non-archived) issue of a project, by the project's id or its name. */
  listProjectIssues(projectIdOrName: string): Promise<LinearIssueSummary[]>;
  /** Adds an existing label (matched by name, case-insensitively) to an issue. */
  addLabel(issueId: string, labelName: string): Promise<void>;
}
