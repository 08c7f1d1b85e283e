import { invalidInput, notFound, podById, workItemLabel } from '@clos/domain';
import { formatDay } from '@clos/slack';
import type { StandupSaved } from '@clos/platform';
import type { BotContext } from '../bot-context.js';
import type { Caller } from '../caller.js';
import { ageInDays } from '../format.js';
import type { SlackReply } from '../reply.js';
import { asSlackCall } from '../slack-services.js';
import { readStandup, standupErrors, type StandupMetadata } from '../views/standup-modal.js';

/** The answer to a modal submission: close it, or show errors next to the inputs. */
export type ViewAnswer = { kind: 'close'; after?: () => Promise<void> } | { kind: 'errors'; errors: Record<string, string> };

function parseMetadata(text: string): StandupMetadata {
  try {
    const parsed = JSON.parse(text) as Partial<StandupMetadata>;
    if (typeof parsed.podId === 'string' && typeof parsed.day === 'string') return { podId: parsed.podId, day: parsed.day };
  } catch {
    // Fall through.
  }
  throw invalidInput('This standup form is out of date; run /unblock again.');
}

/**
 * A submitted standup, saved through the standup service (member of the pod, audited) for
 * the pod and day the modal was opened for; a summary goes to the person by direct message
 * after the modal closes.
 */
export async function submitStandup(
  ctx: BotContext,
  caller: Caller,
  view: { id: string; hash?: string; private_metadata: string; state: { values: Parameters<typeof readStandup>[0] } },
): Promise<ViewAnswer> {
  const cfg = ctx.config();
  const meta = parseMetadata(view.private_metadata);
  const answers = readStandup(view.state.values);
  const errors = standupErrors(answers);
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
  const podName = podById(cfg, meta.podId)?.name ?? meta.podId;
  const saved = await asSlackCall(cfg, 'answer its standup', () =>
    ctx.services(caller, { correlationId: `slack:${view.id}` }).saveStandup({
      podId: meta.podId,
      day: meta.day,
      yesterday: answers.yesterday,
      today: answers.today,
      blockers: answers.blockers,
      confidence: answers.confidence!,
      slackUserId: caller.slackUserId,
    }),
  );
  return {
    kind: 'close',
    after: async () => {
      await ctx.notifier.send({
        channel: caller.slackUserId,
        kind: 'standup.saved',
        text: standupSummary(podName, saved, ctx.now()),
        key: `standup-saved:${view.id}:${view.hash ?? ''}`,
      });
    },
  };
}

/** The direct message confirming a standup. */
export function standupSummary(podName: string, saved: StandupSaved, now: Date): string {
  const parts = [`:white_check_mark: Standup saved for ${podName}, ${formatDay(saved.standup.day)} (confidence ${saved.standup.confidence}/5).`];
  for (const b of saved.opened) parts.push(`• New blocker${b.workItemId !== undefined ? ` on ${workItemLabel(b.workItemId)}` : ''}: ${b.description}`);
  for (const b of saved.carried) parts.push(`• Still blocked (${ageInDays(b.openedAt, now)}d): ${b.description}`);
  for (const b of saved.resolved) parts.push(`• Resolved: ${b.description}`);
  return parts.join('\n');
}

/** The "Resolve" button of a blocker: its owner resolves their own, a lead of its pod anyone's. */
export async function resolveBlockerAction(ctx: BotContext, caller: Caller, value: string | undefined, requestKey: string): Promise<SlackReply> {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw invalidInput('This button is out of date; run /unblock status again.');
  const blocker = await ctx.stores.standups.blocker(id);
  if (blocker === undefined) throw notFound(`Blocker ${id} does not exist.`);
  const services = ctx.services(caller, { correlationId: `slack:${requestKey}` });
  const input = { podId: blocker.podId, blockerId: id };
  const result = await asSlackCall(ctx.config(), 'resolve someone else’s blocker', () =>
    blocker.personId === caller.personId ? services.resolveOwnBlocker(input) : services.resolveBlocker(input),
  );
  if (!result.resolved) return { text: `That blocker was already resolved.` };
  return { text: `:white_check_mark: Resolved: ${blocker.description}` };
}
