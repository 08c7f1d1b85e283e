import type { DigestFact, WrittenDigest } from '@clos/ai';
import { capBlocks, context, divider, escapeText, header, link, section, type KnownBlock } from '@clos/slack';

/** A rendered digest: Block Kit for the DM and the plain text Slack shows in notifications. */
export interface RenderedDigest {
  text: string;
  blocks: KnownBlock[];
}

const WRITER_LABEL: Record<WrittenDigest['writer'], string> = { anthropic: 'Claude (Anthropic)', openai: 'OpenAI', template: 'the CLOS template' };

/**
 * Renders a written digest as a DM: a header, one section per non-empty part with each
 * line followed by links to the facts it cites (PRs, gates), a link to the dashboard, and
 * a context line naming the writer (and why the template wrote it, when it did). Every
 * line's text is escaped: model output and quoted titles never become Slack markup.
 */
export function renderDigest(digest: WrittenDigest, facts: readonly DigestFact[], dashboardUrl: string): RenderedDigest {
  const byId = new Map(facts.map((fact) => [fact.id, fact]));
  const blocks: KnownBlock[] = [header(digest.headline)];
  const textLines = [digest.headline];
  for (const part of digest.sections) {
    if (part.items.length === 0) continue;
    const lines = part.items.map((item) => {
      const links = item.factIds
        .map((id) => byId.get(id))
        .filter((fact): fact is DigestFact => fact?.url !== undefined)
        .map((fact) => link(fact.url!, linkLabel(fact.url!)));
      return `• ${escapeText(item.text)}${links.length > 0 ? ` ${links.join(' ')}` : ''}`;
    });
    blocks.push(section(`*${escapeText(part.heading)}*\n${lines.join('\n')}`));
    textLines.push(`${part.heading}: ${part.items.length}`);
  }
  if (blocks.length === 1) blocks.push(section('_Nothing on your plate that CLOS knows of._'));
  if (digest.closing !== undefined) blocks.push(section(escapeText(digest.closing)));
  blocks.push(divider());
  const by =
    digest.writer === 'template' && digest.fallbackReason !== undefined && digest.fallbackReason !== 'not-configured'
      ? `Written by ${WRITER_LABEL.template} (the model was not used: ${digest.fallbackReason})`
      : `Written by ${WRITER_LABEL[digest.writer]}${digest.model !== undefined && digest.writer !== 'template' ? ` · ${escapeText(digest.model)}` : ''}`;
  blocks.push(context(`${by} · ${link(dashboardUrl, 'Dashboard')}`));
  return { text: textLines.join(' · '), blocks: capBlocks(blocks, (hidden) => `…and ${hidden} more`) };
}

function linkLabel(url: string): string {
  const pull = /\/pull\/(\d+)/.exec(url);
  if (pull !== null) return `PR #${pull[1]}`;
  if (url.includes('/explain/stage/')) return 'gate';
  if (url.includes('/explain/wip/')) return 'WIP';
  return 'link';
}
