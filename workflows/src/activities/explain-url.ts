import type { StatusLink } from './types.js';

/**
 * Builds status `target_url`s on the api's explain pages: `/explain/wip/<pod>?item=<id>`
 * says which rule blocks, current versus limit and who holds the slots;
 * `/explain/stage/<project>` lists the gate's criteria.
 */
export function explainUrlFor(publicUrl: string): (link: StatusLink) => string {
  const base = publicUrl.replace(/\/+$/, '');
  return (link) =>
    link.kind === 'wip'
      ? `${base}/explain/wip/${encodeURIComponent(link.podId)}?item=${encodeURIComponent(link.itemId)}`
      : `${base}/explain/stage/${encodeURIComponent(link.projectId)}`;
}
