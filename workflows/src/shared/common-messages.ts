import { defineSignal } from '@temporalio/workflow';

/** Input of {@link refreshStatusesSignal}. */
export interface RefreshStatusesInput {
  /** Who asked, for the log (e.g. `reconciler`). */
  reason: string;
}

/**
 * Re-check every commit status a workflow owns against GitHub and re-post the missing or
 * stale ones. Both enforcement workflows handle it; the reconciler sends it.
 */
export const refreshStatusesSignal = defineSignal<[RefreshStatusesInput]>('refreshStatuses');
