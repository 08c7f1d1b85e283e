import { RECONCILER_GITHUB_READS_PER_HOUR, refreshTurn } from '@clos/workflows';

/** GitHub's REST limits that bind the reconciler (docs.github.com, "Rate limits for the REST API"). */
export const GITHUB_LIMITS = {
  /** Primary limit of a GitHub App installation (it grows with repositories and users, up to 12,500; 15,000 on Enterprise Cloud). */
  installationPerHour: 5_000,
  /** Secondary: points a minute per REST endpoint (a GET costs 1, a write 5). */
  pointsPerMinute: 900,
  /** Secondary: content-generating requests. */
  contentPerMinute: 80,
  contentPerHour: 500,
} as const;

/** Open pull requests GitHub lists per page (the client asks for 100). */
const PAGE = 100;

/** Runs an hour of the reconciler's default schedule (every 10 minutes). */
export const RECONCILE_EVERY_MINUTES = 10;

/** What the reconciler asks of GitHub at this size, and what that means against the limits. */
export interface ReconcilerPlan {
  repos: number;
  openPullRequests: number;
  /** Listings of open pull requests a run makes (one per repository and page of 100); not paced. */
  listingsPerRun: number;
  /** Statuses reads a full refresh makes: one per status a pod or project workflow owns. */
  refreshReadsPerFullPass: number;
  /** Reads an hour if every run refreshed every workflow (before pacing). */
  readsPerHourUnpaced: number;
  /** The refresh's hourly budget, and the turns it splits the workflows into to keep it. */
  refreshBudgetPerHour: number;
  turns: number;
  /** Minutes until every workflow has been refreshed once. */
  minutesPerFullRefresh: number;
  /** Reads an hour as the code now makes them: listings at every run plus the paced refresh. */
  readsPerHourPaced: number;
  /** The same a minute, against the secondary limit's points a minute. */
  readsPerMinutePaced: number;
}

/**
 * The reconciler's GitHub calls for an organisation of this size, from what the code does:
 * every run lists each repository's open pull requests (one call per 100); then the pod and
 * project workflows of this run's turn read back the statuses they own (`clos/wip` per open
 * pull request, `clos/stage-gate` per pull request of a project), the turns sized by
 * `refreshTurn` to keep the refresh within its hourly budget; writes only where a status is
 * missing or stale (none in a steady state).
 */
export function planReconcilerCalls(input: { repos: number; openPullRequests: number; projectPullRequests: number }): ReconcilerPlan {
  const runsPerHour = 60 / RECONCILE_EVERY_MINUTES;
  const perRepo = input.openPullRequests / Math.max(1, input.repos);
  const listingsPerRun = input.repos * Math.max(1, Math.ceil(perRepo / PAGE));
  const refreshReadsPerFullPass = input.openPullRequests + input.projectPullRequests;
  const { turns } = refreshTurn({
    ids: [],
    openPullRequests: input.openPullRequests,
    readsPerHour: RECONCILER_GITHUB_READS_PER_HOUR,
    everyMinutes: RECONCILE_EVERY_MINUTES,
    startedAt: 0,
  });
  const readsPerHourPaced = listingsPerRun * runsPerHour + (refreshReadsPerFullPass / turns) * runsPerHour;
  return {
    repos: input.repos,
    openPullRequests: input.openPullRequests,
    listingsPerRun,
    refreshReadsPerFullPass,
    readsPerHourUnpaced: (listingsPerRun + refreshReadsPerFullPass) * runsPerHour,
    refreshBudgetPerHour: RECONCILER_GITHUB_READS_PER_HOUR,
    turns,
    minutesPerFullRefresh: turns * RECONCILE_EVERY_MINUTES,
    readsPerHourPaced,
    readsPerMinutePaced: readsPerHourPaced / 60,
  };
}
