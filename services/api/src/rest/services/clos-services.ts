import { digestService, healthScanService } from '@clos/app';
import { createLeadershipServices } from '../../leadership/leadership-services.js';
import { auditService } from './audit-service.js';
import { deadEventsService } from './dead-events-service.js';
import { demosService } from './demos-service.js';
import { eventsService } from './events-service.js';
import { ideasService } from './ideas-service.js';
import { insightsService } from './insights-service.js';
import { peopleService } from './people-service.js';
import { podsService } from './pods-service.js';
import { projectsService } from './projects-service.js';
import { searchService } from '../search/search-service.js';
import { assessService } from '../briefing/assess-service.js';
import { metricsSummaryService } from '../briefing/metrics-summary-service.js';
import { planService } from '../briefing/plan-service.js';
import type { ServiceDependencies } from './service-context.js';
import { specService } from './spec-service.js';
import { stageService } from './stage-service.js';
import { standupsService } from './standups-service.js';
import { whyBlockedService } from './why-blocked-service.js';
import { teamService } from './team-service.js';
import { tokensService } from './tokens-service.js';
import { workItemsService } from './work-items-service.js';
import { wipService } from './wip-service.js';

/**
 * Everything the REST API does, as plain services that know nothing of HTTP or roles:
 * `authorizeServices` wraps them with the access rules, the routes call the wrapped ones.
 */
export function createClosServices(deps: ServiceDependencies) {
  return {
    ...podsService(deps),
    ...wipService(deps),
    ...peopleService(deps),
    ...projectsService(deps),
    ...stageService(deps),
    ...specService(deps),
    ...whyBlockedService(deps),
    ...workItemsService(deps),
    ...eventsService(deps),
    ...deadEventsService(deps),
    ...insightsService(deps),
    ...teamService(deps),
    ...standupsService(deps),
    ...ideasService(deps),
    ...demosService(deps),
    ...auditService(deps),
    ...tokensService(deps),
    ...createLeadershipServices(deps),
    ...searchService(deps),
    ...planService(deps),
    ...assessService(deps),
    ...metricsSummaryService(deps),
    ...healthScanService({ temporal: deps.temporal, ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}) }),
    ...digestService({ pool: deps.pool, temporal: deps.temporal, config: deps.config, now: deps.now, ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}) }),
  };
}

/** The services of the REST API. */
export type ClosServices = ReturnType<typeof createClosServices>;
