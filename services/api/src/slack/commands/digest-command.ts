import { previewDigest } from '@clos/app';
import { DIGEST_KINDS, type DigestKind } from '@clos/domain';
import { context, splitArgs } from '@clos/slack';
import type { BotContext } from '../bot-context.js';
import type { Caller } from '../caller.js';
import type { SlackReply } from '../reply.js';
import { helpReply, usageReply } from './usage.js';

/**
 * `/digest [kind]`: the caller's own digest as the template would write it now, shown only
 * to them. A preview: no model call, no record, no DM, so it can be asked for any time.
 */
export async function digestCommand(ctx: BotContext, caller: Caller, text: string, publicUrl?: string): Promise<SlackReply> {
  const [first, ...rest] = splitArgs(text);
  if (first?.toLowerCase() === 'help') return helpReply('/digest');
  const kind = (first?.toLowerCase() ?? 'morning') as DigestKind;
  if (!(DIGEST_KINDS as readonly string[]).includes(kind) || rest.length > 0) {
    return usageReply('/digest', `"${text.trim()}" is not a digest kind: use one of ${DIGEST_KINDS.join(', ')}.`);
  }
  if (caller.member === undefined) {
    return usageReply('/digest', 'You are not in clos.yml (no member lists your Slack id), so CLOS has no digest for you.');
  }
  const { rendered } = await previewDigest(
    { pool: ctx.db, config: { current: () => ctx.config() }, now: () => ctx.now(), ...(publicUrl !== undefined ? { publicUrl } : {}) },
    { personId: caller.personId, kind },
  );
  return { text: `Preview of your ${kind} digest: ${rendered.text}`, blocks: [context('_Preview: written by the template, sent to nobody._'), ...rendered.blocks] };
}
