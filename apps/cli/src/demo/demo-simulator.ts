import { randomBytes, randomUUID } from 'node:crypto';
import type { ClosConfig, PodConfig } from '@clos/domain';
import type { FakeGithub, FakeStatus } from '@clos/github/testing';
import { linearIssueWebhook } from '@clos/linear/testing';
import { pullRequestDelivery, type DemoPullRequest } from './github-deliveries.js';
import type { SlackSender } from './slack-sender.js';
import { createTeamActivity, type TeamMemory } from './team-activity.js';
import type { WebhookSender } from './webhook-sender.js';

/** What the demo remembers across restarts, so work it opened is not left holding slots. */
export interface DemoMemory {
  nextNumber: number;
  openPullRequests: (DemoPullRequest & { podId: string })[];
  startedIssues: DemoIssue[];
  /** Spec documents landed, standups, ideas and demos posted (absent in a file of an older demo). */
  team?: TeamMemory;
}

/** A Linear issue the demo started. */
export interface DemoIssue {
  id: string;
  identifier: string;
  teamKey: string;
  title: string;
  podId: string;
}

/** Options of {@link createDemoSimulator}. */
export interface DemoSimulatorOptions {
  config: ClosConfig;
  sender: WebhookSender;
  /** Slack requests to the api (standups, ideas, demos); without it the demo posts none. */
  slack?: SlackSender;
  /** The local GitHub stand-in the worker posts statuses to and the explain pages read. */
  github: FakeGithub;
  /** Time between two events while running (default 4 s: a human pace). */
  intervalMs?: number;
  /** Where the demo keeps what it opened; in memory when omitted. */
  memory?: { load(): DemoMemory | undefined; save(memory: DemoMemory): void };
  log?: (line: string) => void;
  now?: () => Date;
}

/** A pull request the demo opened over its pod's limit, with its red status. */
export interface BlockedPullRequest {
  repo: string;
  number: number;
  podId: string;
  /** The `clos/wip` status: `failure`, its reason and the link to the "why blocked" page. */
  status: FakeStatus;
}

/** Demo traffic: signed GitHub and Linear deliveries to the api, at a pace, through the real pipeline. */
export interface DemoSimulator {
  /** Closes what an earlier run left open, then sends one event every `intervalMs` until stopped. */
  start(): Promise<void>;
  /** Stops after the event in flight. */
  stop(): Promise<void>;
  /** Sends the next event now; answers what it did. */
  step(): Promise<string>;
  /** Opens pull requests in `podId` until one is over the limit and its `clos/wip` turns red. */
  openBlockedPullRequest(podId: string, options?: { timeoutMs?: number }): Promise<BlockedPullRequest>;
  /** Events sent so far. */
  readonly sent: number;
}

const TITLES = [
  'Retry failed payouts',
  'Cache the price list',
  'Paginate the audit export',
  'Drop the legacy session table',
  'Speed up the checkout query',
  'Add a health probe to the worker',
  'Rename the billing columns',
  'Lazy-load the order history',
  'Tighten the CSP header',
  'Batch the notification sends',
];

const EXPEDITE_EVERY = 6;

/** Every this many steps the people of the organisation do something besides pull requests. */
const TEAM_EVERY = 2;

/**
 * The demo organisation at work: each step moves one pod — a pull request opens (over the
 * limit it queues and its `clos/wip` turns red), the oldest merges (the queue's head is
 * promoted and turns green), now and then a hotfix labelled expedite passes a full pod, and
 * Linear issues of the pod's teams start and finish. Every other step the team acts instead
 * while it has something left to do (see {@link createTeamActivity}): a spec project's next
 * document lands, a standup, an idea, a demo. Everything goes through the api's webhook and
 * Slack routes, signed as GitHub, Linear and Slack sign.
 */
export function createDemoSimulator(options: DemoSimulatorOptions): DemoSimulator {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 4_000;
  const pods = options.config.pods.filter((p) => p.repos.length > 0 && p.members.some((m) => m.github !== undefined));
  const memory: DemoMemory = options.memory?.load() ?? { nextNumber: 100, openPullRequests: [], startedIssues: [] };
  const teamMemory: TeamMemory = (memory.team ??= { specDocuments: {}, standups: [], ideas: 0, demos: {} });
  let sent = 0;
  let turn = 0;
  let opened = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let running = false;

  const remember = () => options.memory?.save(memory);
  const team = createTeamActivity({
    config: options.config,
    github: options.github,
    sender: options.sender,
    ...(options.slack !== undefined ? { slack: options.slack } : {}),
    memory: teamMemory,
    remember,
    now,
  });
  const podById = (podId: string): PodConfig => {
    const pod = options.config.pods.find((p) => p.id === podId);
    if (pod === undefined) throw new Error(`No pod "${podId}" in the demo organisation (${options.config.pods.map((p) => p.id).join(', ')})`);
    return pod;
  };
  const openOf = (podId: string) => memory.openPullRequests.filter((pr) => pr.podId === podId);

  async function openPullRequest(pod: PodConfig, expedite = false): Promise<DemoPullRequest & { podId: string }> {
    const authors = pod.members.flatMap((m) => (m.github !== undefined ? [m.github] : []));
    const load = (login: string) => openOf(pod.id).filter((pr) => pr.author === login).length;
    const author = [...authors].sort((a, b) => load(a) - load(b))[0]!;
    const repo = pod.repos[memory.nextNumber % pod.repos.length]!;
    const number = memory.nextNumber++;
    const at = now().toISOString();
    const title = expedite ? `Hotfix: ${TITLES[number % TITLES.length]!.toLowerCase()}` : TITLES[number % TITLES.length]!;
    const pr = { repo, number, headSha: randomBytes(20).toString('hex'), author, title, labels: expedite ? [pod.expedite?.label ?? 'expedite'] : [], openedAt: at, podId: pod.id };
    options.github.addPullRequest(repo, { number, headSha: pr.headSha, title, author, labels: pr.labels, headRef: `demo-${number}`, createdAt: at });
    memory.openPullRequests.push(pr);
    remember();
    await options.sender.github('pull_request', pullRequestDelivery(pr, 'opened', at));
    opened++;
    return pr;
  }

  async function closePullRequest(pr: DemoPullRequest & { podId: string }, merged: boolean): Promise<void> {
    const at = now().toISOString();
    if (options.github.state.pullRequest(pr.repo, pr.number) !== undefined) {
      options.github.updatePullRequest(pr.repo, pr.number, { state: 'closed', merged });
    }
    memory.openPullRequests = memory.openPullRequests.filter((p) => !(p.repo === pr.repo && p.number === pr.number));
    remember();
    await options.sender.github('pull_request', pullRequestDelivery(pr, 'closed', at, merged));
  }

  async function moveIssue(pod: PodConfig): Promise<string | undefined> {
    const teamKey = pod.linearTeams?.[0];
    if (teamKey === undefined) return undefined;
    const started = memory.startedIssues.find((i) => i.podId === pod.id);
    if (started !== undefined) {
      memory.startedIssues = memory.startedIssues.filter((i) => i !== started);
      remember();
      await options.sender.linear(linearIssueWebhook({ id: started.id, identifier: started.identifier, title: started.title, teamKey, stateType: 'completed', project: null, assignee: null }));
      return `${pod.id}: Linear ${started.identifier} done`;
    }
    const number = memory.nextNumber++;
    const issue = { id: randomUUID(), identifier: `${teamKey}-${number}`, teamKey, title: TITLES[(number + 3) % TITLES.length]!, podId: pod.id };
    memory.startedIssues.push(issue);
    remember();
    await options.sender.linear(linearIssueWebhook({ id: issue.id, identifier: issue.identifier, title: issue.title, teamKey, stateType: 'started', project: null, assignee: null }));
    return `${pod.id}: Linear ${issue.identifier} started`;
  }

  async function step(): Promise<string> {
    if (sent % TEAM_EVERY === TEAM_EVERY - 1) {
      const did = await team.next();
      if (did !== undefined) {
        sent++;
        return did;
      }
    }
    if (pods.length === 0) return 'no pod with repos and GitHub members';
    const pod = pods[turn % pods.length]!;
    const round = Math.floor(turn / pods.length);
    turn++;
    sent++;
    if (round % 3 === 2) {
      const moved = await moveIssue(pod);
      if (moved !== undefined) return moved;
    }
    const open = openOf(pod.id);
    if (open.length <= pod.wipLimit) {
      const expedite = open.length === pod.wipLimit && opened % EXPEDITE_EVERY === EXPEDITE_EVERY - 1;
      const pr = await openPullRequest(pod, expedite);
      return `${pod.id}: opened ${pr.repo}#${pr.number}${expedite ? ' (expedite)' : ''} by ${pr.author} (${open.length + 1} open, limit ${pod.wipLimit})`;
    }
    const oldest = open[0]!;
    await closePullRequest(oldest, true);
    return `${pod.id}: merged ${oldest.repo}#${oldest.number}`;
  }

  const loop = () => {
    if (!running) return;
    inFlight = step().then(
      (what) => log(what),
      (error: unknown) => log(`demo event failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    void inFlight.then(() => {
      if (running) timer = setTimeout(loop, intervalMs);
    });
  };

  return {
    async start() {
      team.restore();
      // What an earlier run opened would otherwise hold its pod's slots for good.
      const stale = [...memory.openPullRequests];
      for (const pr of stale) await closePullRequest(pr, false).catch((error: unknown) => log(`closing ${pr.repo}#${pr.number}: ${String(error)}`));
      for (const issue of [...memory.startedIssues]) {
        memory.startedIssues = memory.startedIssues.filter((i) => i !== issue);
        await options.sender
          .linear(linearIssueWebhook({ id: issue.id, identifier: issue.identifier, title: issue.title, teamKey: issue.teamKey, stateType: 'canceled', project: null, assignee: null }))
          .catch((error: unknown) => log(`cancelling ${issue.identifier}: ${String(error)}`));
      }
      remember();
      running = true;
      loop();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
    step,
    async openBlockedPullRequest(podId, { timeoutMs = 30_000 } = {}) {
      const pod = podById(podId);
      const deadline = Date.now() + timeoutMs;
      for (let attempt = 0; attempt < pod.wipLimit + 2; attempt++) {
        const pr = await openPullRequest(pod);
        const status = await options.github.waitForStatus({ repo: pr.repo, sha: pr.headSha, context: 'clos/wip', timeoutMs: Math.max(1, deadline - Date.now()) });
        if (status.state === 'failure') return { repo: pr.repo, number: pr.number, podId, status };
      }
      throw new Error(`pod ${podId} took every pull request the demo opened; none was blocked`);
    },
    get sent() {
      return sent;
    },
  };
}
