export { dashboardRoutes, findDashboardDir, type DashboardRouteOptions } from './dashboard-routes.js';
