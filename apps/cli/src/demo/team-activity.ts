import { createHash } from 'node:crypto';
import { resolveTemplate, type ClosConfig, type PodConfig, type ProjectConfig } from '@clos/domain';
import type { FakeGithub } from '@clos/github/testing';
import { pushDelivery } from './github-deliveries.js';
import type { SlackSender } from './slack-sender.js';
import type { WebhookSender } from './webhook-sender.js';

/** What the team side of the demo has done, kept across restarts so it never repeats itself. */
export interface TeamMemory {
  /** Per spec project: how many of its documents have landed (the last one checks every task). */
  specDocuments: Record<string, number>;
  /** `<person>:<day>` of the standups posted. */
  standups: string[];
  ideas: number;
  /** Per project: the demo scheduled through `/demo schedule`, and whether it was marked held. */
  demos: Record<string, { id: number; held: boolean }>;
}

/** Options of {@link createTeamActivity}. */
export interface TeamActivityOptions {
  config: ClosConfig;
  github: FakeGithub;
  sender: WebhookSender;
  /** Without it (no Slack signing secret), the demo posts no standups, ideas or demos. */
  slack?: SlackSender;
  memory: TeamMemory;
  remember: () => void;
  now: () => Date;
}

/** The team side of the demo: one action per call, or `undefined` when it has nothing left to do now. */
export interface TeamActivity {
  next(): Promise<string | undefined>;
  /** Puts the documents an earlier run landed back on the GitHub stand-in (it keeps nothing). */
  restore(): void;
}

/** The ideas the demo submits, one each time, at most these. */
const IDEAS = [
  { title: 'Preview environments per pull request', problem: 'Reviewers cannot try a change without checking it out.', scores: ['8', '6', '5'] },
  { title: 'Nightly restore drill', problem: 'Nobody knows how long a database restore takes.', scores: ['7', '8', '6'] },
  { title: 'One-click rollback in the deploy bot', problem: 'Rolling back takes four manual steps under stress.', scores: ['9', '7', '4'] },
];

const TODAY_PLANS = ['Finish the review comments', 'Pair on the flaky test', 'Write the design notes', 'Ship the migration'];

const KINDS = ['spec', 'standup', 'spec', 'idea', 'spec', 'demo'] as const;

/** A spec project's documents in order; the last lands tasks.md again with every task checked. */
function specDocument(project: ProjectConfig, index: number, phases: readonly string[]): { path: string; content: string; added: boolean } | undefined {
  const tasks = (checked: boolean) =>
    `# Tasks — ${project.name}\n\n${['Index the catalogue', 'Rank by click-through', 'Ship behind a flag'].map((t) => `- [${checked ? 'x' : ' '}] ${t}`).join('\n')}\n`;
  if (index < phases.length) {
    const phase = phases[index]!;
    return {
      path: `specs/${project.id}/${phase}.md`,
      content: phase === 'tasks' ? tasks(false) : `# ${phase[0]!.toUpperCase()}${phase.slice(1)} — ${project.name}\n\nWritten by the demo.\n`,
      added: true,
    };
  }
  if (index === phases.length && phases.includes('tasks')) return { path: `specs/${project.id}/tasks.md`, content: tasks(true), added: false };
  return undefined;
}

/**
 * What the people of the demo organisation do besides opening pull requests: land the
 * documents of spec projects (a push to the default branch, so the gate advances one phase
 * each time), post today's standup, submit an idea, schedule a demo and mark it held — the
 * last three through `POST /slack/events` as Slack sends them, so they take the bot's path.
 */
export function createTeamActivity(options: TeamActivityOptions): TeamActivity {
  const { config, memory } = options;
  let turn = 0;
  const podOf = (project: ProjectConfig): PodConfig | undefined => config.pods.find((p) => p.id === project.pod && p.repos.length > 0);
  const specProjects = config.projects.filter((p) => resolveTemplate(config, p.template)?.stages.some((s) => s.criteria.some((c) => c.type === 'artifact' && c.path?.startsWith('specs/'))) && podOf(p) !== undefined);
  const phasesOf = (project: ProjectConfig): string[] =>
    (resolveTemplate(config, project.template)?.stages ?? []).flatMap((s) => s.criteria.flatMap((c) => (c.type === 'artifact' && c.path?.startsWith('specs/') ? [/([^/]+)\.md$/.exec(c.path)?.[1] ?? s.id] : [])));
  const slackMembers = config.pods.flatMap((pod) => pod.members.filter((m) => m.slack !== undefined && m.role !== 'viewer').map((m) => ({ pod, slack: m.slack!, person: m.github ?? m.slack! })));
  const localDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(options.now());

  async function landSpecDocument(): Promise<string | undefined> {
    const project = specProjects.find((p) => specDocument(p, memory.specDocuments[p.id] ?? 0, phasesOf(p)) !== undefined);
    if (project === undefined) return undefined;
    const index = memory.specDocuments[project.id] ?? 0;
    const doc = specDocument(project, index, phasesOf(project))!;
    const repo = podOf(project)!.repos[0]!;
    options.github.setFile(repo, doc.path, doc.content);
    memory.specDocuments[project.id] = index + 1;
    options.remember();
    const after = createHash('sha1').update(`${repo}:${doc.path}:${index}`).digest('hex');
    const before = createHash('sha1').update(`${repo}:${doc.path}:${index}:before`).digest('hex');
    await options.sender.github('push', pushDelivery({ repo, before, after, ...(doc.added ? { added: [doc.path] } : { modified: [doc.path] }), at: options.now().toISOString() }));
    return `${project.id}: ${doc.added ? 'landed' : 'checked every task in'} ${doc.path}`;
  }

  async function postStandup(slack: SlackSender): Promise<string | undefined> {
    const day = localDay();
    const who = slackMembers.find((m) => !memory.standups.includes(`${m.person}:${day}`));
    if (who === undefined) return undefined;
    memory.standups = [...memory.standups.filter((k) => k.endsWith(`:${day}`)), `${who.person}:${day}`];
    options.remember();
    const plan = TODAY_PLANS[memory.standups.length % TODAY_PLANS.length]!;
    const blocked = memory.standups.length % 3 === 1;
    await slack.submitView({
      userId: who.slack,
      callbackId: 'standup_submit',
      privateMetadata: JSON.stringify({ podId: who.pod.id, day }),
      values: {
        yesterday: { yesterday_input: { type: 'plain_text_input', value: 'Reviewed two pull requests' } },
        today: { today_input: { type: 'plain_text_input', value: plan } },
        blockers: { blockers_input: { type: 'plain_text_input', value: blocked ? 'Waiting on access to the staging database' : '' } },
        confidence: { confidence_select: { type: 'static_select', selected_option: { value: blocked ? '2' : '4' } } },
      },
    });
    return `${who.pod.id}: ${who.person} posted today's standup${blocked ? ' (blocked)' : ''}`;
  }

  async function submitIdea(slack: SlackSender): Promise<string | undefined> {
    const idea = IDEAS[memory.ideas];
    const who = slackMembers[memory.ideas % Math.max(1, slackMembers.length)];
    if (idea === undefined || who === undefined) return undefined;
    memory.ideas++;
    options.remember();
    const [impact, confidence, ease] = idea.scores as [string, string, string];
    const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
    await slack.submitView({
      userId: who.slack,
      callbackId: 'idea_submit',
      privateMetadata: JSON.stringify({ podId: who.pod.id }),
      values: {
        title: { title_input: { type: 'plain_text_input', value: idea.title } },
        problem: { problem_input: { type: 'plain_text_input', value: idea.problem } },
        impact: { impact_select: select(impact) },
        confidence: { confidence_select: select(confidence) },
        ease: { ease_select: select(ease) },
      },
    });
    return `${who.pod.id}: ${who.person} submitted the idea "${idea.title}"`;
  }

  async function runDemo(slack: SlackSender): Promise<string | undefined> {
    for (const project of config.projects) {
      const who = slackMembers.find((m) => m.pod.id === project.pod);
      const done = memory.demos[project.id];
      if (who === undefined || done?.held === true) continue;
      if (done === undefined) {
        const answer = await slack.command({ userId: who.slack, command: '/demo', text: `schedule ${project.id} ${localDay()}` });
        const id = /Demo #(\d+)/.exec(answer)?.[1];
        if (id === undefined) throw new Error(`/demo schedule ${project.id} answered: ${answer}`);
        memory.demos[project.id] = { id: Number(id), held: false };
        options.remember();
        return `${project.pod}: ${who.person} scheduled demo #${id} of ${project.name} for today`;
      }
      memory.demos[project.id] = { ...done, held: true };
      options.remember();
      await slack.command({ userId: who.slack, command: '/demo', text: `held ${done.id}` });
      return `${project.pod}: ${who.person} marked demo #${done.id} of ${project.name} held`;
    }
    return undefined;
  }

  return {
    async next() {
      for (let tried = 0; tried < KINDS.length; tried++) {
        const kind = KINDS[turn++ % KINDS.length]!;
        const slack = options.slack;
        const did =
          kind === 'spec' ? await landSpecDocument() : slack === undefined ? undefined : kind === 'standup' ? await postStandup(slack) : kind === 'idea' ? await submitIdea(slack) : await runDemo(slack);
        if (did !== undefined) return did;
      }
      return undefined;
    },
    restore() {
      for (const project of specProjects) {
        const repo = podOf(project)!.repos[0]!;
        for (let i = 0; i < (memory.specDocuments[project.id] ?? 0); i++) {
          const doc = specDocument(project, i, phasesOf(project));
          if (doc !== undefined) options.github.setFile(repo, doc.path, doc.content);
        }
      }
    },
  };
}
