import { readFileSync } from 'node:fs';
import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { syncConfigToDb } from '@clos/platform';
import type pg from 'pg';
import { largeOrgConfig } from './large-org.js';
import { seedActivity, type ActivityCounts, type ActivityPlan } from './seed-activity.js';

/** The demo organisation's activity: enough for every dashboard view to show something. */
export const DEMO_PLAN: ActivityPlan = { events: 600, workItemsPerPod: 12, standupDays: 10, ideasPerPod: 3, days: 30 };

/** The large organisation's activity at `scale` (1: 50 pods, 500 projects, 100,000 events). */
export function largePlan(scale = 1): ActivityPlan {
  return { events: Math.round(100_000 * scale), workItemsPerPod: 100, standupDays: 14, ideasPerPod: 4, days: 90 };
}

/** What to seed. */
export type SeedRequest =
  | { kind: 'demo'; /** The demo clos.yml (scripts/demo/clos.yml). */ closYmlPath: string }
  | { kind: 'large'; /** 1 = 50 pods, 500 projects, 100k events; tests use a small fraction. */ scale?: number };

/** What a seed did: the organisation, the rows it added, and how long it took. */
export interface SeedResult {
  org: string;
  pods: number;
  projects: number;
  added: ActivityCounts;
  ms: number;
}

/**
 * Seeds the record: the organisation (as syncing its clos.yml would) and a made-up
 * history for it. Idempotent: every row has a stable key, so a second run adds nothing.
 */
export async function seedDatabase(
  pool: pg.Pool,
  request: SeedRequest,
  options: { now?: Date; log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const config: ClosConfig =
    request.kind === 'demo' ? parseClosConfig(readFileSync(request.closYmlPath, 'utf8'), request.closYmlPath) : largeOrgConfig(request.scale ?? 1);
  const plan = request.kind === 'demo' ? DEMO_PLAN : largePlan(request.scale ?? 1);
  const synced = await syncConfigToDb(pool, config);
  const added = await seedActivity(pool, config, plan, options.now ?? new Date(), options.log);
  return { org: config.org, pods: synced.pods, projects: synced.projects, added, ms: Date.now() - started };
}
