import type { ServiceDependencies } from '../rest/services/service-context.js';
import { analyticsService } from './services/analytics-service.js';
import { archiveService } from './services/archive-service.js';
import { dailyService } from './services/daily-service.js';
import { decisionsService } from './services/decisions-service.js';
import { emergencyService } from './services/emergency-service.js';
import { leadershipProjectsService } from './services/leadership-projects-service.js';
import { podLeadershipService } from './services/pod-leadership-service.js';
import { reviewsService } from './services/reviews-service.js';

/** The leadership layer's services, plain: `LEADERSHIP_ACCESS_RULES` says who may call each. */
export function createLeadershipServices(deps: ServiceDependencies) {
  return {
    ...dailyService(deps),
    ...decisionsService(deps),
    ...leadershipProjectsService(deps),
    ...emergencyService(deps),
    ...reviewsService(deps),
    ...analyticsService(deps),
    ...archiveService(deps),
    ...podLeadershipService(deps),
  };
}

/** The leadership services. */
export type LeadershipServices = ReturnType<typeof createLeadershipServices>;
