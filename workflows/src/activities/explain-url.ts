import type { StatusLink } from './types.js';

/**
 * Builds status `target_url`s on the api's explain pages: `/explain/wip/<pod>?item=<id>`
 * says which rule blocks, current versus limit and who holds the slots;
 * `/explain/stage/<project>?repo=<owner/name>` lists the gate's criteria. The item and the
 * repository let someone without a role in the pod read it when GitHub says they can see
 * that repository.
 */
export function explainUrlFor(publicUrl: string): (link: StatusLink) => string {
  const base = publicUrl.replace(/\/+$/, '');
  return (link) =>
    link.kind === 'wip'
      ? `${base}/explain/wip/${encodeURIComponent(link.podId)}?item=${encodeURIComponent(link.itemId)}`
      : `${base}/explain/stage/${encodeURIComponent(link.projectId)}${link.repo !== undefined ? `?repo=${encodeURIComponent(link.repo)}` : ''}`;
}
