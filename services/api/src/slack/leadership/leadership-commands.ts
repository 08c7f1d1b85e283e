import { isClosError } from '@clos/domain';
import { splitArgs, unescapeSlackText, type ModalView } from '@clos/slack';
import { DECISION_TARGET_HOURS, type Decision } from '@clos/platform';
import { decisionBodySchema } from '../../rest/schemas/leadership-schemas.js';
import type { Caller } from '../caller.js';
import { helpReply, usageReply } from '../commands/usage.js';
import type { SlackReply } from '../reply.js';
import { checkinModal } from './checkin-modal.js';
import type { Authorized } from '@clos/app';
import type { LeadershipServices } from '../../leadership/index.js';

/**
 * The leadership services as one Slack caller may use them: the bot's application services
 * (REST's, under REST's access rules and audit), acting for the clos.yml member whose Slack
 * id Slack's signature vouches for.
 */
export type SlackLeadership = (caller: Caller) => Authorized<LeadershipServices>;

/** What a leadership command does: answer, or open a modal once acknowledged. */
export type LeadershipPlan = { kind: 'reply'; reply: SlackReply } | { kind: 'modal'; view: ModalView };

const reply = (r: SlackReply): LeadershipPlan => ({ kind: 'reply', reply: r });

/** The refusal a Slack user clos.yml does not list gets: leadership records belong to members. */
export function notAMember(caller: Caller): SlackReply {
  return {
    text:
      `:no_entry: You are not in clos.yml: no pod lists your Slack id (${caller.slackUserId}), so CLOS keeps no check-ins or decisions for you. ` +
      `Ask an admin to add \`slack: ${caller.slackUserId}\` to your member entry.`,
  };
}

/**
 * `/checkin`: opens the morning check-in modal, or, when today's check-in is done, shows it
 * (one per person and local day).
 */
export async function checkinCommand(leadership: SlackLeadership, caller: Caller, text: string): Promise<LeadershipPlan> {
  const [first] = splitArgs(text);
  if (first?.toLowerCase() === 'help') return reply(helpReply('/checkin'));
  if (first !== undefined) return reply(usageReply('/checkin', `"${text.trim()}": /checkin takes no arguments.`));
  if (caller.member === undefined) return reply(notAMember(caller));
  const day = await leadership(caller).showDay({});
  if (day.checkin !== null) {
    const c = day.checkin;
    return reply({
      text: `You checked in today already (${day.date}): energy ${c.energy}, stress ${c.stress}/10${c.mission !== null ? `, mission: ${c.mission}` : ''}. One check-in a day.`,
    });
  }
  return { kind: 'modal', view: checkinModal(day.date) };
}

const TYPE_OPTION = /(?:^|\s)--type(?:=|\s+)(\S*)/;

/**
 * `/decide TEXT [--type reversible_low|reversible_high|irreversible]`: logs a decision to
 * make (reversible_low unless said); `/decide list` shows the open ones, overdue first.
 */
export async function decideCommand(leadership: SlackLeadership, caller: Caller, rawText: string): Promise<SlackReply> {
  const text = unescapeSlackText(rawText).trim();
  const first = splitArgs(text)[0]?.toLowerCase();
  if (first === 'help') return helpReply('/decide');
  if (caller.member === undefined) return notAMember(caller);
  if (first === 'list' && splitArgs(text).length === 1) return listOpen(leadership, caller);

  const typeMatch = TYPE_OPTION.exec(text);
  const rest = (typeMatch === null ? text : text.replace(typeMatch[0], ' ')).trim();
  const unknown = /(?:^|\s)(--[A-Za-z][\w-]*)/.exec(rest);
  if (unknown !== null) return usageReply('/decide', `${unknown[1]}: not an option of /decide (only --type).`);
  const parsed = decisionBodySchema.safeParse({ text: rest, type: typeMatch === null ? 'reversible_low' : typeMatch[1] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return usageReply('/decide', `:warning: ${String(issue.path[0])}: ${issue.message}.`);
  }
  try {
    const made = await leadership(caller).addDecision(parsed.data);
    const by = new Date(Date.parse(made.openedAt) + DECISION_TARGET_HOURS * 3_600_000);
    return { text: `:memo: Decision logged (${made.type}): ${made.text}\nAim to decide by ${by.toISOString().slice(0, 16).replace('T', ' ')} UTC (${DECISION_TARGET_HOURS} h). Id \`${made.id}\`; decide it with \`clos decision decide ${made.id} --rationale …\`.` };
  } catch (error) {
    if (isClosError(error) && error.code === 'InvalidInput') return usageReply('/decide', `:warning: ${error.message}`);
    throw error;
  }
}

async function listOpen(leadership: SlackLeadership, caller: Caller): Promise<SlackReply> {
  const { items } = await leadership(caller).listDecisions({ open: true, limit: 50 });
  if (items.length === 0) return { text: 'No open decisions. Log one with `/decide TEXT`.' };
  const sorted = [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.openedAt.localeCompare(b.openedAt));
  return { text: [`*Open decisions (${items.length})*`, ...sorted.map((d) => decisionLine(d))].join('\n') };
}

/** One open decision as a line: overdue ones say by how much. */
export function decisionLine(d: Pick<Decision, 'text' | 'type' | 'openedAt' | 'overdue'>, now = new Date()): string {
  const hours = Math.floor((now.getTime() - Date.parse(d.openedAt)) / 3_600_000);
  const age = hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} h`;
  return `• ${d.overdue ? ':red_circle: ' : ''}${d.text} (${d.type}, open ${age})`;
}
