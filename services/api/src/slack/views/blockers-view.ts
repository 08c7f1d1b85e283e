import { workItemLabel, type ClosConfig, type PodConfig } from '@clos/domain';
import { button, context, divider, escapeText, formatDay, header, section, type KnownBlock } from '@clos/slack';
import type { z } from 'zod';
import type { blockerSchema } from '../../rest/schemas/team-schemas.js';
import { personLabel } from '../caller.js';
import { ageInDays } from '../format.js';
import type { SlackReply } from '../reply.js';

/** Action id of the resolve button on a blocker. */
export const RESOLVE_BLOCKER_ACTION = 'blocker_resolve';

/** The answer to `/unblock status`: open blockers with their age, and who has not answered today. */
export function blockersReply(input: {
  cfg: ClosConfig;
  pod: PodConfig;
  day: string;
  /** Open blockers as the blockers listing answers them, oldest first. */
  blockers: z.output<typeof blockerSchema>[];
  answered: string[];
  missing: string[];
  escalateAfterDays: number;
  now: Date;
}): SlackReply {
  const { cfg, pod, blockers, now } = input;
  const blocks: KnownBlock[] = [header(`Blockers — ${pod.name} (${pod.id})`)];
  if (blockers.length === 0) blocks.push(section(':sunny: No open blockers.'));
  for (const blocker of blockers.slice(0, 20)) {
    const days = ageInDays(blocker.openedAt, now);
    const flags = [
      blocker.escalatedAt !== null ? ':rotating_light: escalated' : days >= input.escalateAfterDays ? ':warning: escalates today' : '',
      blocker.workItemId !== null ? `on ${workItemLabel(blocker.workItemId)}` : '',
    ].filter((f) => f !== '');
    blocks.push(
      section(
        `*${personLabel(cfg, blocker.personId)}* · open ${days === 0 ? 'since today' : `${days}d`}${flags.length > 0 ? ` · ${flags.join(' · ')}` : ''}\n> ${escapeText(blocker.description)}`,
        button({ text: 'Resolve', actionId: RESOLVE_BLOCKER_ACTION, value: String(blocker.id) }),
      ),
    );
  }
  if (blockers.length > 20) blocks.push(context(`…and ${blockers.length - 20} more.`));
  const total = input.answered.length + input.missing.length;
  blocks.push(
    divider(),
    section(
      `*Standup ${formatDay(input.day)}*: ${input.answered.length}/${total} answered.` +
        (input.missing.length > 0 ? `\nNot answered yet: ${input.missing.join(', ')}` : '\nEveryone has answered.'),
    ),
  );
  return {
    text: `${pod.name}: ${blockers.length} open blocker${blockers.length === 1 ? '' : 's'}; ${input.answered.length}/${total} answered the standup today.`,
    blocks,
  };
}
