import type { SlackReply } from '../reply.js';

/** The slash commands the bot serves; the app manifest declares exactly these. */
export const COMMANDS = ['/wip', '/stage', '/unblock', '/idea', '/demo', '/digest', '/checkin', '/decide'] as const;

/** One of {@link COMMANDS}. */
export type CommandName = (typeof COMMANDS)[number];

const USAGE: Record<CommandName, { summary: string; lines: string[] }> = {
  '/wip': {
    summary: 'WIP limits: who holds a slot, who waits.',
    lines: [
      '`/wip` — the WIP of your pods',
      '`/wip <pod>` — limit, mode, holders (link, assignee, age), the queue with positions, per-person counts and expedite use',
      '`/wip set <pod> <limit>` — change the pod’s WIP limit (leads; audited, applies at once)',
      '`/wip help` — this help',
    ],
  },
  '/stage': {
    summary: 'Stage gates: where a project stands and what it still needs.',
    lines: [
      '`/stage` — the projects of your pods',
      '`/stage <project>` — current stage, each criterion met or missing and why, time in stage, history',
      '`/stage advance <project>` — ask the gate to move on; lists what is missing if it cannot',
      '`/stage evidence <project> <criterion> <link or text>` — submit evidence for a criterion',
      '`/stage override <project> <reason>` — move on regardless of the gate (leads; audited)',
      '`/stage resume <project> [reason]` — un-pause a gate after an escalation (leads)',
      '`/stage help` — this help',
    ],
  },
  '/unblock': {
    summary: 'The daily standup, with blockers tracked until they are resolved.',
    lines: [
      '`/unblock` — today’s standup: yesterday, today, blockers, confidence 1–5',
      '`/unblock <pod>` — the standup for one of several pods you are in',
      '`/unblock status [pod]` — open blockers with their age, and who has not answered today',
      '`/unblock help` — this help',
    ],
  },
  '/idea': {
    summary: 'The idea ledger, ranked by ICE (impact × confidence × ease).',
    lines: [
      '`/idea submit <title>` — describe the problem and score impact, confidence and ease',
      '`/idea list [proposed|accepted|rejected|all]` — newest ideas',
      '`/idea score` — proposed ideas ranked by ICE',
      '`/idea score <id> <impact> <confidence> <ease>` — re-score an idea (1–10 each; its author or a lead)',
      '`/idea show <id>` — an idea and its status history',
      '`/idea accept <id> <reason>` / `/idea reject <id> <reason>` — decide (leads); an accepted idea can become a GitHub issue',
      '`/idea help` — this help',
    ],
  },
  '/demo': {
    summary: 'Demos: scheduled, reminded, and counted as evidence once held.',
    lines: [
      '`/demo schedule <project> [YYYY-MM-DD]` — schedule a demo (default: next Friday in the pod’s time zone)',
      '`/demo list [project]` — upcoming demos',
      '`/demo held <id>` — mark a demo held; it counts as evidence where the project’s template asks for a demo',
      '`/demo help` — this help',
    ],
  },
  '/digest': {
    summary: 'A preview of your own digest, as CLOS would write it now.',
    lines: [
      '`/digest [morning|midday|evening|weekly]` — a preview of your digest of that kind (default morning), written by the template; nothing is sent or recorded',
      '`/digest help` — this help',
    ],
  },
  '/checkin': {
    summary: 'Your morning check-in, private to you: energy, stress, tension, circular thinking, one mission.',
    lines: [
      '`/checkin` — open today’s check-in (one a day, under a minute); shows it when done',
      '`/checkin help` — this help',
    ],
  },
  '/decide': {
    summary: 'Your decision log, private to you, with a 48-hour target.',
    lines: [
      '`/decide <text> [--type reversible_low|reversible_high|irreversible]` — log a decision to make (reversible_low unless said)',
      '`/decide list` — your open decisions, overdue first',
      '`/decide help` — this help',
    ],
  },
};

/** The help of a command. */
export function helpReply(command: CommandName): SlackReply {
  const usage = USAGE[command];
  return { text: `*${command}* — ${usage.summary}\n${usage.lines.join('\n')}` };
}

/** What an unknown subcommand or malformed call gets: what was wrong, then the usage. */
export function usageReply(command: CommandName, problem: string): SlackReply {
  const usage = USAGE[command];
  return { text: `${problem}\n*Usage of ${command}:*\n${usage.lines.join('\n')}` };
}

/** The help of every command (for mentions of the bot). */
export function overviewText(): string {
  return COMMANDS.map((c) => `*${c}* — ${USAGE[c].summary}`).join('\n');
}
