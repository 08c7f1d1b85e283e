import type { CallContext, PodScope } from '@clos/app';
import type { ClosServices } from '../services/clos-services.js';
import type { SharedAnswers } from './memo-serializer.js';
import type { ReadCache, ReadTag } from './read-cache.js';

/** The key of a caller's scope: what a listing narrowed to the caller's pods depends on. */
export function scopeKey(pods: PodScope): string {
  return pods === 'all' ? '*' : [...pods].sort().join(',');
}

type Cached = 'listPods' | 'listEvents' | 'search' | 'getWip';
type InputOf<K extends Cached> = Parameters<ClosServices[K]>[1];

/**
 * The read services dashboards poll, answered from `cache` (ADR 0026). Each answer is
 * keyed by what it depends on and nothing less: the org-wide listings by the caller's
 * pod scope (the pods the access rules narrowed them to) and the query; search also by
 * the token, since a person's private documents are theirs alone; a pod's live WIP by the
 * pod (its access rule has been checked before the cache is reached). Authorization wraps
 * this, so the cache only ever answers a caller who may ask. A cached answer is shared by
 * every request it serves, so it is marked as such and serialized once.
 */
export function cacheReads(services: ClosServices, cache: ReadCache, shared: SharedAnswers): ClosServices {
  const cached = <K extends Cached>(name: K, tags: readonly ReadTag[], keyOf: (ctx: CallContext, input: InputOf<K>) => string): ClosServices[K] => {
    const load = services[name] as unknown as (ctx: CallContext, input: InputOf<K>) => Promise<unknown>;
    const wrapped = (ctx: CallContext, input: InputOf<K>): Promise<unknown> =>
      cache.get(`${name}\u0000${keyOf(ctx, input)}`, tags, async () => shared.mark(await load(ctx, input)));
    return wrapped as unknown as ClosServices[K];
  };
  return {
    ...services,
    listPods: cached('listPods', ['pods'], (ctx, input) => `${scopeKey(ctx.pods)}\u0000${JSON.stringify(input)}`),
    listEvents: cached('listEvents', ['events'], (ctx, input) => `${scopeKey(ctx.pods)}\u0000${JSON.stringify(input)}`),
    search: cached('search', ['search'], (ctx, input) => `${scopeKey(ctx.pods)}\u0000${ctx.principal.tokenId}\u0000${JSON.stringify(input)}`),
    getWip: cached('getWip', ['wip'], (_ctx, input) => input.podId),
  };
}
