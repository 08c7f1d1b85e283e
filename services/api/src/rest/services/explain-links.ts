/**
 * Links to the pages CLOS commit statuses link to (`/why/…`): absolute under the api's public
 * address when it is known, else paths on this api.
 */
export function explainLinks(publicUrl: string | undefined) {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  return {
    wip: (podId: string, itemId: string) => `${base}/why/wip/${encodeURIComponent(podId)}?item=${encodeURIComponent(itemId)}`,
    stage: (projectId: string) => `${base}/why/stage/${encodeURIComponent(projectId)}`,
  };
}
